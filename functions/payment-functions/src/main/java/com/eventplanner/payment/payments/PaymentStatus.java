package com.eventplanner.payment.payments;

/** A payment's state: its latest attempt's, until one attempt captured the money (SUCCEEDED) and it went back. */
public enum PaymentStatus {
    PROCESSING,
    REQUIRES_ACTION,
    SUCCEEDED,
    FAILED,
    REFUNDED;

    boolean captured() {
        return this == SUCCEEDED || this == REFUNDED;
    }
}
