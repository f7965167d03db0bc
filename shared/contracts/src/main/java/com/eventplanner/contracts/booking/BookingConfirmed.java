package com.eventplanner.contracts.booking;

import com.eventplanner.contracts.MessageType;
import com.eventplanner.contracts.Payload;
import java.util.UUID;

public record BookingConfirmed(UUID bookingId, UUID eventId, UUID userId, Integer quantity, UUID paymentId)
        implements Payload {

    @Override
    public MessageType type() {
        return MessageType.BOOKING_CONFIRMED;
    }
}
