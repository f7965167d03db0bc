package com.eventplanner.contracts.booking;

public enum CancellationReason {
    USER_REQUEST,
    EVENT_CANCELLED,
    /** The payment arrived after the hold expired and no seat was left: the payment must be refunded. */
    REFUND_LATE_PAYMENT,
    /**
     * A payment whose amount, currency or payer differs from the booking's: it confirms nothing, the booking is
     * cancelled and the payment must be refunded.
     */
    PAYMENT_MISMATCH
}
