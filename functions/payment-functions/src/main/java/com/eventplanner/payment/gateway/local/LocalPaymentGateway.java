package com.eventplanner.payment.gateway.local;

import com.eventplanner.cache.RedisConnections;
import com.eventplanner.payment.gateway.Charge;
import com.eventplanner.payment.gateway.ChargeResult;
import com.eventplanner.payment.gateway.PaymentGateway;
import com.eventplanner.payment.gateway.Refund;
import com.eventplanner.payment.gateway.RefundResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * LOCAL ONLY ({@code PAYMENT_GATEWAY=local}): an imitation of Stripe's test mode for the local stack and tests, never
 * deployed (template.yaml sets {@code stripe}). It answers Stripe's documented test payment methods as Stripe does
 * ({@link LocalTestCards}), keeps its charges and refunds in Redis (every function's environment sees the same
 * processor, as they all see Stripe), honours idempotency keys, and reports changes as Stripe-signed webhooks
 * ({@link LocalWebhooks}): a 3-D Secure completed at {@link LocalGatewayApi}, and the charge that timed out, which
 * succeeds {@code settleAfter} later.
 */
public final class LocalPaymentGateway implements PaymentGateway {

    static final String PREFIX = "local-gateway:";

    private final RedisConnections redis;
    private final LocalWebhooks webhooks;
    private final Duration settleAfter;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    public LocalPaymentGateway(RedisConnections redis, LocalWebhooks webhooks, Duration settleAfter, Clock clock) {
        this.redis = redis;
        this.webhooks = webhooks;
        this.settleAfter = settleAfter;
        this.clock = clock;
    }

    /** A charge as this processor keeps it, Stripe's field names and statuses. */
    record Intent(String id, String idempotencyKey, String attemptId, String paymentId, String bookingId,
                  String paymentMethod, long amount, String currency, String status, String code, String declineCode,
                  String clientSecret, Instant settleAt, long amountRefunded) {

        Intent with(String newStatus, String newCode, String newDeclineCode) {
            return new Intent(id, idempotencyKey, attemptId, paymentId, bookingId, paymentMethod, amount, currency,
                    newStatus, newCode, newDeclineCode, clientSecret, settleAt, amountRefunded);
        }

        Intent refunded(long total) {
            return new Intent(id, idempotencyKey, attemptId, paymentId, bookingId, paymentMethod, amount, currency,
                    status, code, declineCode, clientSecret, settleAt, total);
        }
    }

    record StoredRefund(String id, String intentId, String status, String failureReason) {
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public ChargeResult charge(Charge charge) {
        String id = "pi_local_" + UUID.randomUUID().toString().replace("-", "");
        LocalTestCards card = LocalTestCards.of(charge.paymentMethod());
        Intent intent = new Intent(id, charge.idempotencyKey(), charge.attemptId().toString(),
                String.valueOf(charge.paymentId()), String.valueOf(charge.bookingId()), charge.paymentMethod(),
                charge.amount().minor(), charge.amount().processorCurrency(), "processing", null, null,
                id + "_secret_" + UUID.randomUUID().toString().replace("-", ""), clock.instant().plus(settleAfter), 0);
        intent = switch (card) {
            case APPROVE, REFUND_FAILS -> intent.with("succeeded", null, null);
            case DECLINE -> intent.with("requires_payment_method", "card_declined", "generic_decline");
            case DECLINE_INSUFFICIENT_FUNDS -> intent.with("requires_payment_method", "card_declined",
                    "insufficient_funds");
            case AUTHENTICATION_REQUIRED -> intent.with("requires_action", null, null);
            case UNKNOWN -> intent.with("requires_payment_method", "resource_missing", null);
            case PROCESSOR_TIMEOUT -> intent;
        };
        // SET NX on the key: a repeated key answers the first charge, as Stripe's idempotency does
        if (!"OK".equals(redis.sync().set(PREFIX + "key:" + charge.idempotencyKey(), intent.id(),
                io.lettuce.core.SetArgs.Builder.nx()))) {
            return answer(current(charge.idempotencyKey()).orElseThrow());
        }
        save(intent);
        if (card == LocalTestCards.PROCESSOR_TIMEOUT) {
            String timedOut = intent.id();
            webhooks.later(settleAfter, () -> settleTimedOut(timedOut));
            return new ChargeResult.Processing(null);
        }
        webhooks.paymentIntent(intent);
        return answer(intent);
    }

    @Override
    public ChargeResult retrieve(Charge charge, String intentId) {
        Optional<Intent> intent = intentId == null ? current(charge.idempotencyKey()) : byId(intentId);
        if (intent.isEmpty()) {
            // never reached this processor: sending it now is what Stripe's replay of the key would do
            return charge(charge);
        }
        return answer(settleIfDue(intent.get()));
    }

    @Override
    public ChargeResult cancel(Charge charge, String intentId) {
        Optional<Intent> found = intentId == null ? current(charge.idempotencyKey()) : byId(intentId);
        if (found.isEmpty()) {
            return charge(charge);
        }
        Intent intent = settleIfDue(found.get());
        if (intent.status().equals("requires_action") || intent.status().equals("processing")) {
            intent = intent.with("canceled", null, null);
            save(intent);
            webhooks.paymentIntent(intent);
        }
        return answer(intent);
    }

    @Override
    public RefundResult refund(Refund refund) {
        String key = PREFIX + "refund:" + refund.idempotencyKey();
        String stored = redis.sync().get(key);
        if (stored != null) {
            return answer(json.readValue(stored, StoredRefund.class));
        }
        Optional<Intent> intent = refund.intentId() == null ? current(refund.charge().idempotencyKey())
                : byId(refund.intentId());
        StoredRefund result;
        if (intent.isEmpty() || !intent.get().status().equals("succeeded")) {
            return new RefundResult.Refused("charge_not_refundable", "No captured charge to refund");
        } else if (LocalTestCards.of(intent.get().paymentMethod()) == LocalTestCards.REFUND_FAILS) {
            // not stored: every try is refused, as a processor keeps refusing a refund it will not make
            return new RefundResult.Refused("refund_failed", "The card's issuer refused the refund");
        } else {
            result = new StoredRefund("re_local_" + UUID.randomUUID().toString().replace("-", ""),
                    intent.get().id(), "succeeded", null);
            Intent refunded = intent.get().refunded(intent.get().amountRefunded() + refund.amount().minor());
            save(refunded);
            webhooks.chargeRefunded(refunded);
        }
        redis.sync().set(key, json.writeValueAsString(result));
        return answer(result);
    }

    @Override
    public RefundResult refundStatus(Refund refund, String providerRefundId) {
        return refund(refund);
    }

    /** The payer completed (or failed) the challenge: what Stripe's test challenge page does. */
    Optional<Intent> authenticate(String clientSecret, boolean completed) {
        String intentId = clientSecret.contains("_secret_") ? clientSecret.substring(0,
                clientSecret.indexOf("_secret_")) : clientSecret;
        Optional<Intent> found = byId(intentId).filter(i -> i.clientSecret().equals(clientSecret));
        if (found.isEmpty() || !found.get().status().equals("requires_action")) {
            return found;
        }
        Intent intent = completed ? found.get().with("succeeded", null, null)
                : found.get().with("requires_payment_method", "payment_intent_authentication_failure", null);
        save(intent);
        webhooks.paymentIntent(intent);
        return Optional.of(intent);
    }

    private void settleTimedOut(String intentId) {
        byId(intentId).ifPresent(this::settleIfDue);
    }

    private Intent settleIfDue(Intent intent) {
        if (!intent.status().equals("processing") || clock.instant().isBefore(intent.settleAt())) {
            return intent;
        }
        Intent settled = intent.with("succeeded", null, null);
        save(settled);
        webhooks.paymentIntent(settled);
        return settled;
    }

    private Optional<Intent> current(String idempotencyKey) {
        String id = redis.sync().get(PREFIX + "key:" + idempotencyKey);
        return id == null ? Optional.empty() : byId(id);
    }

    private Optional<Intent> byId(String intentId) {
        String stored = redis.sync().get(PREFIX + "intent:" + intentId);
        return stored == null ? Optional.empty() : Optional.of(json.readValue(stored, Intent.class));
    }

    private void save(Intent intent) {
        redis.sync().set(PREFIX + "intent:" + intent.id(), json.writeValueAsString(intent));
    }

    private static ChargeResult answer(Intent intent) {
        return switch (intent.status()) {
            case "succeeded" -> new ChargeResult.Succeeded(intent.id());
            case "requires_action" -> new ChargeResult.RequiresAction(intent.id(), intent.clientSecret(),
                    "use_stripe_sdk");
            case "requires_payment_method" -> new ChargeResult.Declined(intent.id(), intent.code(),
                    intent.declineCode());
            case "canceled" -> new ChargeResult.Cancelled(intent.id());
            default -> new ChargeResult.Processing(intent.id());
        };
    }

    private static RefundResult answer(StoredRefund refund) {
        return "succeeded".equals(refund.status()) ? new RefundResult.Succeeded(refund.id())
                : new RefundResult.Refused(refund.failureReason(), "refused");
    }
}
