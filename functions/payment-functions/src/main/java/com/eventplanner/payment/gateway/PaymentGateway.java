package com.eventplanner.payment.gateway;

/**
 * The payment processor, as the payment context needs it. Two adapters: Stripe ({@code gateway.stripe}, in AWS) and
 * a local imitation of Stripe's test mode ({@code gateway.local}); {@code eventplanner.payment.gateway} picks one.
 * No method throws for what the processor answered: every answer, no answer included, is a result.
 */
public interface PaymentGateway {

    /** {@code stripe} or {@code local}: recorded on every attempt. */
    String name();

    /** Creates and confirms the charge under its idempotency key. */
    ChargeResult charge(Charge charge);

    /**
     * The charge's current state: by the processor's id when known, else by sending the same charge again under its
     * idempotency key, which the processor answers with the first request's result.
     */
    ChargeResult retrieve(Charge charge, String intentId);

    /** Cancels an open charge (an abandoned 3-D Secure); a charge that completed meanwhile answers its success. */
    ChargeResult cancel(Charge charge, String intentId);

    RefundResult refund(Refund refund);

    /** A refund's current state: by the processor's refund id when known, else by sending it again (same key). */
    RefundResult refundStatus(Refund refund, String providerRefundId);
}
