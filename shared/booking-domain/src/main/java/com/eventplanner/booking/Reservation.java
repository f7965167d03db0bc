package com.eventplanner.booking;

import java.util.Objects;
import java.util.UUID;

/**
 * An attendee's request for seats. With an {@code idempotencyKey} the key is claimed in the booking's own transaction
 * and the response stored with it, so a retry under the same key gets {@link ReservationOutcome.AlreadyClaimed}.
 */
public record Reservation(Attendee attendee, UUID eventId, int quantity, IdempotencyKey idempotencyKey) {

    public Reservation {
        Objects.requireNonNull(attendee, "attendee");
        Objects.requireNonNull(eventId, "eventId");
        if (quantity < 1 || quantity > 10) {
            throw new IllegalArgumentException("quantity must be 1..10: " + quantity);
        }
    }
}
