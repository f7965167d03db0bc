package com.eventplanner.contracts.booking;

import com.eventplanner.contracts.MessageType;
import com.eventplanner.contracts.Payload;
import java.util.UUID;

/** The hold ran out before payment; its seats are back on sale. */
public record BookingExpired(UUID bookingId, UUID eventId, UUID userId, Integer quantity) implements Payload {

    @Override
    public MessageType type() {
        return MessageType.BOOKING_EXPIRED;
    }
}
