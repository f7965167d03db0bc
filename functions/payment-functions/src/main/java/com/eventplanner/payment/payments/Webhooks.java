package com.eventplanner.payment.payments;

import com.eventplanner.payment.gateway.WebhookEvent;
import com.eventplanner.payment.gateway.stripe.StripeWebhooks;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code POST /api/payments/webhooks/stripe}: a verified event is applied once (its id is recorded in the same
 * transaction as its effects, so a replay finds it and changes nothing, and a failure lets Stripe's retry apply it),
 * through the same settlement as the processor's synchronous answers.
 */
final class Webhooks {

    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);

    private final StripeWebhooks verifier;
    private final PaymentStore store;
    private final Settlement settlement;
    private final Refunds refunds;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Webhooks(StripeWebhooks verifier, PaymentStore store, Settlement settlement, Refunds refunds,
             TransactionTemplate transaction, Clock clock) {
        this.verifier = verifier;
        this.store = store;
        this.settlement = settlement;
        this.refunds = refunds;
        this.transaction = transaction;
        this.clock = clock;
    }

    Map<String, Object> receive(String payload, String signature) {
        WebhookEvent event = verifier.verify(payload, signature);
        boolean applied = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!store.firstDelivery(event.id(), event.type(), clock.instant())) {
                log.info("Webhook {} ({}) was applied already: ignored", event.id(), event.type());
                return false;
            }
            apply(event);
            return true;
        }));
        return Map.of("received", true, "duplicate", !applied);
    }

    private void apply(WebhookEvent event) {
        if (event instanceof WebhookEvent.ChargeChanged changed) {
            Optional<Records.Attempt> attempt = changed.attemptId() != null ? store.attempt(changed.attemptId())
                    : Optional.ofNullable(changed.result().intentId()).flatMap(store::attemptByIntent);
            attempt.ifPresentOrElse(a -> settlement.settle(a.id(), changed.result()),
                    () -> log.warn("Webhook {} ({}) is about no attempt of ours", event.id(), event.type()));
        } else if (event instanceof WebhookEvent.ChargeRefunded refunded) {
            Optional.ofNullable(refunded.intentId()).flatMap(store::attemptByIntent).ifPresentOrElse(
                    a -> refunds.chargeRefunded(a, refunded.amountRefunded()),
                    () -> log.warn("Webhook {} refunds no charge of ours", event.id()));
        }
    }
}
