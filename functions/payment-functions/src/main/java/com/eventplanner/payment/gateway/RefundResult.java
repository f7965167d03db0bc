package com.eventplanner.payment.gateway;

/**
 * What the processor answered about a refund: done, accepted but pending, refused (a definite no, e.g. a disputed
 * charge), or no answer at all (a timeout, a 5xx), which is retried like a refusal.
 */
public sealed interface RefundResult {

    record Succeeded(String refundId) implements RefundResult {
    }

    record Pending(String refundId) implements RefundResult {
    }

    record Refused(String code, String message) implements RefundResult {
    }

    record Unavailable(String message) implements RefundResult {
    }
}
