package com.eventplanner.booking;

import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.booking.CancellationReason;
import java.time.Instant;
import java.util.UUID;

/**
 * One booking as stored, with the organizer of its event (who may read it). {@code paymentId} is set once a payment
 * was captured for it, also when that payment must be refunded.
 */
public record Booking(UUID id, UUID eventId, UUID userId, UUID organizerId, int quantity, Money amount,
                      BookingStatus status, Instant holdExpiresAt, UUID paymentId,
                      CancellationReason cancellationReason, Instant createdAt, Instant updatedAt) {

    /** Who may read it: its attendee, the event's organizer, an admin. */
    public boolean visibleTo(UUID actorId, boolean admin) {
        return admin || userId.equals(actorId) || organizerId.equals(actorId);
    }

    Booking withStatus(BookingStatus newStatus, UUID newPaymentId, CancellationReason reason, Instant at) {
        return new Booking(id, eventId, userId, organizerId, quantity, amount, newStatus, holdExpiresAt, newPaymentId,
                reason, createdAt, at);
    }
}
