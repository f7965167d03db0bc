package com.eventplanner.contracts.booking;

import com.eventplanner.contracts.MessageType;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.Payload;
import java.time.Instant;
import java.util.UUID;

/** Seats are held until {@code holdExpiresAt}, awaiting payment; carries the attendee's contact for notifications. */
public record BookingCreated(
        UUID bookingId, UUID eventId, UUID userId, String attendeeEmail, String attendeeName, Integer quantity,
        Money amount, Instant holdExpiresAt) implements Payload {

    @Override
    public MessageType type() {
        return MessageType.BOOKING_CREATED;
    }
}
