package com.eventplanner.payment.gateway.stripe;

import com.eventplanner.payment.gateway.Charge;
import com.eventplanner.payment.gateway.ChargeResult;
import com.eventplanner.payment.gateway.PaymentGateway;
import com.eventplanner.payment.gateway.Refund;
import com.eventplanner.payment.gateway.RefundResult;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeError;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.function.SingletonSupplier;

/**
 * Stripe through stripe-java: a PaymentIntent created and confirmed in one request per attempt, under the attempt's
 * idempotency key (Stripe answers a repeated key with the first request's response, so a timeout is retried without
 * charging twice); cards only, so 3-D Secure answers {@code requires_action} with {@code use_stripe_sdk} for the
 * client to complete with its client secret. Refunds go under the refund's own key. stripe-java retries nothing by
 * itself: an unanswered request is an open attempt, settled by a webhook or by reconciliation.
 */
public final class StripeGateway implements PaymentGateway {

    private static final Logger log = LoggerFactory.getLogger(StripeGateway.class);

    /** Where a client's endpoint and timeouts come from: tests point {@code apiBase} at a stub. */
    public record Settings(String apiBase, Duration connectTimeout, Duration readTimeout) {
    }

    private final Supplier<StripeClient> client;

    public StripeGateway(StripeSecrets secrets, Settings settings) {
        this.client = SingletonSupplier.of(() -> StripeClient.builder()
                .setApiKey(secrets.apiKey())
                .setApiBase(settings.apiBase())
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setReadTimeout((int) settings.readTimeout().toMillis())
                .setMaxNetworkRetries(0)
                .build());
    }

    @Override
    public String name() {
        return "stripe";
    }

    @Override
    public ChargeResult charge(Charge charge) {
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
                .setAmount(charge.amount().minor())
                .setCurrency(charge.amount().processorCurrency())
                .setPaymentMethod(charge.paymentMethod())
                .addPaymentMethodType("card")
                .setConfirm(true)
                .putMetadata("attempt_id", charge.attemptId().toString())
                .putMetadata("payment_id", String.valueOf(charge.paymentId()))
                .putMetadata("booking_id", String.valueOf(charge.bookingId()))
                .build();
        try {
            return result(client.get().v1().paymentIntents().create(params, keyed(charge.idempotencyKey())));
        } catch (StripeException e) {
            return chargeFailure(charge, e);
        }
    }

    @Override
    public ChargeResult retrieve(Charge charge, String intentId) {
        if (intentId == null) {
            return charge(charge);
        }
        try {
            return result(client.get().v1().paymentIntents().retrieve(intentId));
        } catch (StripeException e) {
            return chargeFailure(charge, e);
        }
    }

    @Override
    public ChargeResult cancel(Charge charge, String intentId) {
        ChargeResult current = retrieve(charge, intentId);
        if (!(current instanceof ChargeResult.RequiresAction || current instanceof ChargeResult.Processing)
                || current.intentId() == null) {
            return current;
        }
        try {
            return result(client.get().v1().paymentIntents().cancel(current.intentId(),
                    PaymentIntentCancelParams.builder()
                            .setCancellationReason(PaymentIntentCancelParams.CancellationReason.ABANDONED).build(),
                    keyed("cancel-" + charge.idempotencyKey())));
        } catch (InvalidRequestException e) {
            // payment_intent_unexpected_state: it completed or failed meanwhile; that answer is the outcome
            return retrieve(charge, current.intentId());
        } catch (StripeException e) {
            return chargeFailure(charge, e);
        }
    }

    @Override
    public RefundResult refund(Refund refund) {
        RefundCreateParams params = RefundCreateParams.builder()
                .setPaymentIntent(refund.intentId())
                .setAmount(refund.amount().minor())
                .setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER)
                .putMetadata("refund_id", refund.refundId().toString())
                .putMetadata("refund_reason", refund.reason())
                .build();
        try {
            return refundResult(client.get().v1().refunds().create(params, keyed(refund.idempotencyKey())));
        } catch (StripeException e) {
            return refundFailure(refund, e);
        }
    }

    @Override
    public RefundResult refundStatus(Refund refund, String providerRefundId) {
        if (providerRefundId == null) {
            return refund(refund);
        }
        try {
            return refundResult(client.get().v1().refunds().retrieve(providerRefundId));
        } catch (StripeException e) {
            return refundFailure(refund, e);
        }
    }

    /** A PaymentIntent's status, as Stripe documents them, in the port's terms. */
    static ChargeResult result(PaymentIntent intent) {
        return switch (intent.getStatus()) {
            case "succeeded" -> new ChargeResult.Succeeded(intent.getId());
            case "requires_action" -> new ChargeResult.RequiresAction(intent.getId(), intent.getClientSecret(),
                    intent.getNextAction() == null ? null : intent.getNextAction().getType());
            case "canceled" -> new ChargeResult.Cancelled(intent.getId());
            case "requires_payment_method" -> {
                StripeError error = intent.getLastPaymentError();
                yield new ChargeResult.Declined(intent.getId(), error == null ? "payment_failed" : error.getCode(),
                        error == null ? null : error.getDeclineCode());
            }
            // processing, or requires_capture / requires_confirmation that a confirmed automatic capture never leaves
            default -> new ChargeResult.Processing(intent.getId());
        };
    }

    private static ChargeResult chargeFailure(Charge charge, StripeException e) {
        String intentId = e.getStripeError() == null || e.getStripeError().getPaymentIntent() == null ? null
                : e.getStripeError().getPaymentIntent().getId();
        if (e instanceof CardException card) {
            return new ChargeResult.Declined(intentId, card.getCode(), card.getDeclineCode());
        }
        if (e instanceof AuthenticationException || e instanceof PermissionException) {
            // nothing was charged: Stripe refused our key; an operator must fix the secret
            log.error("Stripe refused the API key for attempt {}: {}", charge.attemptId(), e.getMessage());
            return new ChargeResult.Declined(intentId, "processor_unavailable", null);
        }
        if (e instanceof InvalidRequestException && !(e instanceof IdempotencyException)) {
            log.warn("Stripe refused attempt {}: {} ({})", charge.attemptId(), e.getCode(), e.getMessage());
            return new ChargeResult.Declined(intentId, e.getCode() == null ? "invalid_request" : e.getCode(), null);
        }
        // a timeout, a 5xx, a rate limit or a concurrent request with the key: the outcome is not known yet
        log.warn("Stripe gave no answer for attempt {} ({}): {}", charge.attemptId(),
                e instanceof ApiConnectionException ? "no connection or timeout" : "status " + e.getStatusCode(),
                e.getMessage());
        return new ChargeResult.Processing(intentId);
    }

    static RefundResult refundResult(com.stripe.model.Refund refund) {
        return switch (refund.getStatus()) {
            case "succeeded" -> new RefundResult.Succeeded(refund.getId());
            case "failed", "canceled" -> new RefundResult.Refused(
                    refund.getFailureReason() == null ? refund.getStatus() : refund.getFailureReason(),
                    "Stripe " + refund.getStatus() + " refund " + refund.getId());
            default -> new RefundResult.Pending(refund.getId());
        };
    }

    private static RefundResult refundFailure(Refund refund, StripeException e) {
        if (e instanceof InvalidRequestException && "charge_already_refunded".equals(e.getCode())) {
            // refunded already, e.g. from the dashboard: the money is back with the payer
            return new RefundResult.Succeeded(null);
        }
        if (e instanceof InvalidRequestException || e instanceof CardException) {
            return new RefundResult.Refused(e.getCode() == null ? "refund_refused" : e.getCode(),
                    String.valueOf(e.getStripeError() == null ? e.getMessage() : e.getStripeError().getMessage()));
        }
        log.warn("Stripe gave no answer for refund {}: {}", refund.refundId(), e.getMessage());
        return new RefundResult.Unavailable(e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private static RequestOptions keyed(String idempotencyKey) {
        return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
    }
}
