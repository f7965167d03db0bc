package com.eventplanner.payment.gateway;

/**
 * What the processor answered about a charge. {@link Processing} covers both "accepted, not final yet" and "no answer"
 * (a timeout, a 5xx): the outcome is unknown, so the attempt stays open until a webhook or reconciliation settles it.
 * {@code intentId} is the processor's id of the charge, null when it never answered.
 */
public sealed interface ChargeResult {

    String intentId();

    record Succeeded(String intentId) implements ChargeResult {
    }

    /** Refused: {@code code} is the processor's error code (card_declined, ...), {@code declineCode} the issuer's. */
    record Declined(String intentId, String code, String declineCode) implements ChargeResult {
    }

    /** 3-D Secure: the payer's client completes it with the client secret; a webhook then settles the attempt. */
    record RequiresAction(String intentId, String clientSecret, String nextActionType) implements ChargeResult {
    }

    record Processing(String intentId) implements ChargeResult {
    }

    record Cancelled(String intentId) implements ChargeResult {
    }
}
