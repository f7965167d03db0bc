package com.eventplanner.payment.gateway.stripe;

import com.eventplanner.payment.gateway.Amount;
import com.eventplanner.payment.gateway.Charge;
import com.eventplanner.payment.gateway.Refund;
import com.stripe.net.Webhook;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The Stripe gateway and webhook verification, run against a Stripe stub at the given URL: each outcome by name. Used
 * on the test class path (StripeGatewayTest) and, loaded beside the shaded jar, on the jar's own stripe-java subset
 * (StripeClassesIT), so both see the same flows. Only JDK types cross its boundary: the stub's URL in, the outcomes
 * out. Not a {@code java.util.function.Function}: function JVMs started from the project root would find this class
 * by Spring Cloud Function's scan of a {@code functions} package and fail on it.
 */
public final class StripeFlows implements BiConsumer<String, Map<String, String>> {

    public static final String WEBHOOK_SECRET = "whsec_flows_0123456789";

    /** Runs every flow against the stub at {@code stripeUrl} and puts each outcome in {@code outcomes}. */
    public static Map<String, String> run(String stripeUrl) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        new StripeFlows().accept(stripeUrl, outcomes);
        return outcomes;
    }

    @Override
    public void accept(String stripeUrl, Map<String, String> outcomes) {
        StripeSecrets secrets = new StripeSecrets(() -> "sk_test_flows", () -> WEBHOOK_SECRET);
        StripeGateway gateway = new StripeGateway(secrets, new StripeGateway.Settings(stripeUrl,
                Duration.ofSeconds(2), Duration.ofSeconds(2)));
        for (String method : new String[] {"pm_card_visa", "pm_card_chargeDeclined",
                "pm_card_chargeDeclinedInsufficientFunds", "pm_card_authenticationRequired", "pm_stub_serverError",
                "pm_stub_timeout"}) {
            outcomes.put(method, shape(gateway.charge(charge(method)).toString()));
        }
        Charge visa = charge("pm_card_visa");
        outcomes.put("retrieve", shape(gateway.retrieve(visa, "pi_known").toString()));
        outcomes.put("refund", shape(gateway.refund(new Refund(UUID.randomUUID(), "refund-" + UUID.randomUUID(), visa,
                "pi_3MtwBw", new Amount(4990, "EUR"), "EVENT_CANCELLED")).toString()));
        outcomes.put("refund refused", shape(gateway.refund(new Refund(UUID.randomUUID(),
                "refund-" + UUID.randomUUID(), visa, "pi_refundfail_3Mtw", new Amount(4990, "EUR"),
                "USER_REQUEST")).toString()));
        StripeWebhooks webhooks = new StripeWebhooks(secrets, Clock.systemUTC());
        outcomes.put("webhook payment_intent.succeeded", shape(webhooks.verify(intentEvent(), sign(intentEvent()))
                .toString()));
        outcomes.put("webhook charge.refunded", webhooks.verify(refundEvent(), sign(refundEvent())).toString());
    }

    private static Charge charge(String method) {
        return new Charge(UUID.fromString("5b3f1f0e-9a4e-4a53-9d3a-2f8d1f2c6a10"), UUID.randomUUID(),
                UUID.randomUUID(), "pay-" + UUID.randomUUID(), new Amount(4990, "EUR"), method);
    }

    /** Ids Stripe makes up differ per call; the kind of outcome and its codes are what is compared. */
    private static String shape(String outcome) {
        return outcome.replaceAll("(pi|re|ch)_[A-Za-z0-9_]+", "$1_*");
    }

    private static String sign(String payload) {
        try {
            long timestamp = System.currentTimeMillis() / 1000;
            return "t=" + timestamp + ",v1=" + Webhook.Util.computeHmacSha256(WEBHOOK_SECRET, timestamp + "." + payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String intentEvent() {
        return """
                {"id": "evt_flows_1", "object": "event", "api_version": "%s", "created": 1735689600,
                 "type": "payment_intent.succeeded", "livemode": false, "pending_webhooks": 1,
                 "request": {"id": null, "idempotency_key": "pay-1"},
                 "data": {"object": {"id": "pi_3MtwBw", "object": "payment_intent", "amount": 4990,
                  "currency": "eur", "status": "succeeded", "latest_charge": "ch_3Mtw", "customer": null,
                  "metadata": {"attempt_id": "5b3f1f0e-9a4e-4a53-9d3a-2f8d1f2c6a10"},
                  "payment_method_options": {"card": {"request_three_d_secure": "automatic"}}}}}"""
                .formatted(com.stripe.Stripe.API_VERSION);
    }

    private static String refundEvent() {
        return """
                {"id": "evt_flows_2", "object": "event", "api_version": "%s", "created": 1735689600,
                 "type": "charge.refunded", "livemode": false, "pending_webhooks": 1,
                 "request": {"id": null, "idempotency_key": null},
                 "data": {"object": {"id": "ch_3Mtw", "object": "charge", "amount": 4990, "amount_refunded": 4990,
                  "currency": "eur", "payment_intent": "pi_3MtwBw", "refunded": true,
                  "payment_method_details": {"card": {"brand": "visa", "last4": "4242"}, "type": "card"}}}}"""
                .formatted(com.stripe.Stripe.API_VERSION);
    }
}
