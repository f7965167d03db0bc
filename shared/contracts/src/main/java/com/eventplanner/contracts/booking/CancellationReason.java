package com.eventplanner.contracts.booking;

public enum CancellationReason {
    USER_REQUEST,
    EVENT_CANCELLED,
    /** The payment arrived after the hold expired and no seat was left: the payment must be refunded. */
    REFUND_LATE_PAYMENT
}
