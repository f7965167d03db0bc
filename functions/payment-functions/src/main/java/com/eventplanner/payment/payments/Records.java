package com.eventplanner.payment.payments;

import com.eventplanner.payment.gateway.Amount;
import com.eventplanner.payment.gateway.Charge;
import java.time.Instant;
import java.util.UUID;

/** Rows of the payment database, as the store reads them. */
final class Records {

    private Records() {
    }

    record Payment(UUID id, UUID bookingId, UUID eventId, UUID userId, UUID organizerId, Amount amount,
                   PaymentStatus status, Instant createdAt, Instant updatedAt) {

        /** The payer, the event's organizer and admins; anyone else is told there is no such payment. */
        boolean visibleTo(UUID actorId, boolean admin) {
            return admin || userId.equals(actorId) || organizerId.equals(actorId);
        }
    }

    record Attempt(UUID id, UUID paymentId, String gateway, String idempotencyKey, String intentId,
                   String paymentMethod, Amount amount, AttemptStatus status, String failureCode, String declineCode,
                   String clientSecret, String nextActionType, Instant createdAt, Instant updatedAt) {

        Charge charge(UUID bookingId) {
            return new Charge(id, paymentId, bookingId, idempotencyKey, amount, paymentMethod);
        }
    }

    record Refund(UUID id, UUID paymentId, UUID attemptId, Amount amount, String reason, String idempotencyKey,
                  String providerRefundId, RefundStatus status, int tries, Instant nextTryAt, String lastError,
                  Instant createdAt, Instant updatedAt) {
    }

    /** An Idempotency-Key claim and, once answered, the response replayed for it. */
    record Claim(UUID userId, String key, String requestHash, UUID attemptId, Integer statusCode, String body) {

        boolean answered() {
            return body != null;
        }
    }
}
