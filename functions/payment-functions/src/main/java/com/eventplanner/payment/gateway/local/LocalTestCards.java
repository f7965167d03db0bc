package com.eventplanner.payment.gateway.local;

import java.util.Set;

/**
 * LOCAL ONLY. Stripe's documented test payment methods, and what Stripe's test mode does with each; one more, named
 * in Stripe's style, stands for a processor that never answers. A client written against the local stack runs
 * unchanged against Stripe's test mode with the same methods.
 */
enum LocalTestCards {
    APPROVE,
    DECLINE,
    DECLINE_INSUFFICIENT_FUNDS,
    AUTHENTICATION_REQUIRED,
    /** Approves the charge; any refund of it is refused (Stripe: pm_card_refundFail). */
    REFUND_FAILS,
    /** LOCAL ONLY, not a Stripe method: the charge request times out, the charge succeeds a little later. */
    PROCESSOR_TIMEOUT,
    UNKNOWN;

    static final String TIMEOUT_METHOD = "pm_card_processorTimeout";
    private static final Set<String> APPROVING = Set.of("pm_card_visa", "pm_card_visa_debit", "pm_card_mastercard",
            "pm_card_amex", "pm_card_discover", "pm_card_jcb", "pm_card_unionpay");

    static LocalTestCards of(String paymentMethod) {
        if (APPROVING.contains(paymentMethod)) {
            return APPROVE;
        }
        return switch (paymentMethod) {
            case "pm_card_chargeDeclined" -> DECLINE;
            case "pm_card_chargeDeclinedInsufficientFunds" -> DECLINE_INSUFFICIENT_FUNDS;
            case "pm_card_authenticationRequired" -> AUTHENTICATION_REQUIRED;
            case "pm_card_refundFail" -> REFUND_FAILS;
            case TIMEOUT_METHOD -> PROCESSOR_TIMEOUT;
            default -> UNKNOWN;
        };
    }
}
