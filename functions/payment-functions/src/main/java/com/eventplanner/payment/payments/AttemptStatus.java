package com.eventplanner.payment.payments;

import com.eventplanner.payment.gateway.ChargeResult;

/** One charge attempt: open while the processor has not decided (PROCESSING) or waits for the payer (3-D Secure). */
enum AttemptStatus {
    PROCESSING,
    REQUIRES_ACTION,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    boolean open() {
        return this == PROCESSING || this == REQUIRES_ACTION;
    }

    static AttemptStatus of(ChargeResult result) {
        if (result instanceof ChargeResult.Succeeded) {
            return SUCCEEDED;
        }
        if (result instanceof ChargeResult.Declined) {
            return FAILED;
        }
        if (result instanceof ChargeResult.RequiresAction) {
            return REQUIRES_ACTION;
        }
        return result instanceof ChargeResult.Cancelled ? CANCELLED : PROCESSING;
    }

    PaymentStatus asPaymentStatus() {
        return switch (this) {
            case PROCESSING -> PaymentStatus.PROCESSING;
            case REQUIRES_ACTION -> PaymentStatus.REQUIRES_ACTION;
            case SUCCEEDED -> PaymentStatus.SUCCEEDED;
            case FAILED, CANCELLED -> PaymentStatus.FAILED;
        };
    }
}
