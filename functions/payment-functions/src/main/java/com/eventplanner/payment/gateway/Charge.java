package com.eventplanner.payment.gateway;

import java.util.Objects;
import java.util.UUID;

/**
 * One charge attempt as the processor sees it. {@code idempotencyKey} is the attempt's own: sending the same charge
 * again (a timeout, a reconciliation) can never charge twice, while a new attempt after a decline is a new charge.
 */
public record Charge(UUID attemptId, UUID paymentId, UUID bookingId, String idempotencyKey, Amount amount,
                     String paymentMethod) {

    public Charge {
        Objects.requireNonNull(attemptId, "attemptId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(paymentMethod, "paymentMethod");
    }
}
