package com.eventplanner.payment.gateway.local;

import com.stripe.Stripe;
import com.stripe.net.Webhook;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * LOCAL ONLY: the local gateway's webhooks, shaped and signed as Stripe's ({@code Stripe-Signature: t=..,v1=..}, the
 * HMAC-SHA256 of {@code <t>.<body>} with the endpoint's signing secret), POSTed to {@code webhookUrl} (the load
 * balancer's {@code /api/payments/webhooks/stripe}) from a background thread after the answer that caused them, with
 * Stripe's retries on failure. A Lambda environment would freeze that thread; this code only ever runs locally.
 * Without a URL (some tests) nothing is sent and reconciliation has to find the outcome.
 */
public final class LocalWebhooks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalWebhooks.class);
    private static final int ATTEMPTS = 4;

    private final String webhookUrl;
    private final Supplier<String> secret;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private ScheduledExecutorService executor;

    public LocalWebhooks(String webhookUrl, Supplier<String> secret, Clock clock) {
        this.webhookUrl = webhookUrl == null || webhookUrl.isBlank() ? null : webhookUrl;
        this.secret = secret;
        this.clock = clock;
    }

    void paymentIntent(LocalPaymentGateway.Intent intent) {
        String type = switch (intent.status()) {
            case "succeeded" -> "payment_intent.succeeded";
            case "requires_payment_method" -> "payment_intent.payment_failed";
            case "requires_action" -> "payment_intent.requires_action";
            case "canceled" -> "payment_intent.canceled";
            default -> "payment_intent.processing";
        };
        ObjectNode object = json.createObjectNode()
                .put("id", intent.id())
                .put("object", "payment_intent")
                .put("amount", intent.amount())
                .put("currency", intent.currency())
                .put("status", intent.status())
                .put("client_secret", intent.clientSecret())
                .put("payment_method", intent.paymentMethod())
                .put("livemode", false);
        object.putObject("metadata").put("attempt_id", intent.attemptId()).put("payment_id", intent.paymentId())
                .put("booking_id", intent.bookingId());
        if (intent.code() != null) {
            object.putObject("last_payment_error").put("type", "card_error").put("code", intent.code())
                    .put("decline_code", intent.declineCode());
        }
        if (intent.status().equals("requires_action")) {
            object.putObject("next_action").put("type", "use_stripe_sdk");
        }
        send(type, object);
    }

    void chargeRefunded(LocalPaymentGateway.Intent intent) {
        ObjectNode charge = json.createObjectNode()
                .put("id", "ch_local_" + intent.id().substring("pi_local_".length()))
                .put("object", "charge")
                .put("amount", intent.amount())
                .put("amount_refunded", intent.amountRefunded())
                .put("currency", intent.currency())
                .put("payment_intent", intent.id())
                .put("refunded", intent.amountRefunded() >= intent.amount())
                .put("livemode", false);
        send("charge.refunded", charge);
    }

    /** Runs {@code work} after {@code delay} on the sender's thread (the charge that timed out settles later). */
    void later(Duration delay, Runnable work) {
        sender().schedule(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.warn("Local gateway: delayed settlement failed", e);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void send(String type, ObjectNode object) {
        if (webhookUrl == null) {
            return;
        }
        ObjectNode event = json.createObjectNode()
                .put("id", "evt_local_" + UUID.randomUUID().toString().replace("-", ""))
                .put("object", "event")
                .put("api_version", Stripe.API_VERSION)
                .put("created", clock.instant().getEpochSecond())
                .put("livemode", false)
                .put("pending_webhooks", 1)
                .put("type", type);
        event.putObject("data").set("object", object);
        event.putObject("request").putNull("id").putNull("idempotency_key");
        String payload = json.writeValueAsString(event);
        sender().execute(() -> deliver(type, payload, 1));
    }

    private void deliver(String type, String payload, int attempt) {
        try {
            long timestamp = clock.instant().getEpochSecond();
            String signature = Webhook.Util.computeHmacSha256(secret.get(), timestamp + "." + payload);
            HttpURLConnection connection = (HttpURLConnection) URI.create(webhookUrl).toURL().openConnection();
            connection.setConnectTimeout(2_000);
            connection.setReadTimeout(30_000);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json; charset=utf-8");
            connection.setRequestProperty("Stripe-Signature", "t=" + timestamp + ",v1=" + signature);
            byte[] body = payload.getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            connection.disconnect();
            if (status / 100 == 2) {
                return;
            }
            retry(type, payload, attempt, "HTTP " + status);
        } catch (IOException | GeneralSecurityException e) {
            retry(type, payload, attempt, e.toString());
        }
    }

    private void retry(String type, String payload, int attempt, String reason) {
        if (attempt >= ATTEMPTS) {
            log.warn("Local gateway: webhook {} not delivered after {} attempts ({})", type, attempt, reason);
            return;
        }
        sender().schedule(() -> deliver(type, payload, attempt + 1), 500L << attempt, TimeUnit.MILLISECONDS);
    }

    /** Started at the first webhook: a function that sends none has no thread. */
    private synchronized ScheduledExecutorService sender() {
        if (executor == null) {
            ScheduledThreadPoolExecutor started = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "local-gateway-webhooks");
                thread.setDaemon(true);
                return thread;
            });
            started.setRemoveOnCancelPolicy(true);
            executor = started;
        }
        return executor;
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
