package com.eventplanner.contracts.booking;

import com.eventplanner.contracts.MessageType;
import com.eventplanner.contracts.OptionalField;
import com.eventplanner.contracts.Payload;
import java.util.UUID;

/** Seats were released; {@code refundRequired} tells payments to refund {@code paymentId}. */
public record BookingCancelled(
        UUID bookingId, UUID eventId, UUID userId, Integer quantity, CancellationReason reason,
        Boolean refundRequired, @OptionalField UUID paymentId) implements Payload {

    @Override
    public MessageType type() {
        return MessageType.BOOKING_CANCELLED;
    }
}
