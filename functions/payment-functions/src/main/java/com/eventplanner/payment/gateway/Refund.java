package com.eventplanner.payment.gateway;

import java.util.Objects;
import java.util.UUID;

/** A refund of one captured charge, under the refund's own idempotency key (a retry never refunds twice). */
public record Refund(UUID refundId, String idempotencyKey, Charge charge, String intentId, Amount amount,
                     String reason) {

    public Refund {
        Objects.requireNonNull(refundId, "refundId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(charge, "charge");
        Objects.requireNonNull(amount, "amount");
    }
}
