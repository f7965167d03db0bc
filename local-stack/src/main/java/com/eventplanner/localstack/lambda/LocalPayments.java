package com.eventplanner.localstack.lambda;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payment functions run locally against the payment functions' own imitation of Stripe's test mode
 * ({@code PAYMENT_GATEWAY=local}, in com.eventplanner.payment.gateway.local): Stripe's test payment methods, its
 * webhooks signed with a local signing secret and delivered to the load balancer's
 * {@code /api/payments/webhooks/stripe}. The secret is given directly, as the local stack gives {@code MONGODB_URI}:
 * Secrets Manager is AWS's only.
 */
final class LocalPayments {

    /** Not a Stripe secret: the signing secret of the local gateway's webhooks, the same for every local function. */
    static final String WEBHOOK_SECRET = "whsec_local_eventplanner_0000000000000000";

    private LocalPayments() {
    }

    static boolean applies(Map<String, String> templateEnvironment) {
        return templateEnvironment.containsKey("PAYMENT_GATEWAY");
    }

    static Map<String, String> environment(LocalEndpoints endpoints) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PAYMENT_GATEWAY", "local");
        environment.put("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET);
        if (endpoints.albUrl() != null) {
            environment.put("EVENTPLANNER_PAYMENT_LOCALGATEWAY_WEBHOOKURL",
                    endpoints.albUrl() + "/api/payments/webhooks/stripe");
        }
        return environment;
    }
}
