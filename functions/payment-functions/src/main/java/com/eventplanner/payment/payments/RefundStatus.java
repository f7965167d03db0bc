package com.eventplanner.payment.payments;

/** PENDING: to send (again); PROCESSING: the processor accepted it, not done yet; PARKED: an operator's turn. */
enum RefundStatus {
    PENDING,
    PROCESSING,
    SUCCEEDED,
    PARKED
}
