package com.eventplanner.payment.gateway.stripe;

import com.eventplanner.payment.gateway.ChargeResult;
import com.eventplanner.payment.gateway.WebhookEvent;
import com.eventplanner.web.ApiException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.net.ApiResource;
import com.stripe.net.Webhook;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies a Stripe webhook with stripe-java ({@code Webhook.constructEvent}: the {@code Stripe-Signature} HMAC over
 * the timestamp and the raw body, the timestamp within 5 minutes) and reduces it to a {@link WebhookEvent}. The local
 * gateway signs its webhooks the same way, so both arrive here. The event's object is read as the class its type
 * names, never through stripe-java's lookup of every model class (the jar carries only the models read here).
 */
public final class StripeWebhooks {

    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(StripeWebhooks.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StripeSecrets secrets;
    private final Clock clock;

    public StripeWebhooks(StripeSecrets secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    /** @throws ApiException 400 when the signature is missing, wrong or too old */
    public WebhookEvent verify(String payload, String signatureHeader) {
        if (payload == null || signatureHeader == null || signatureHeader.isBlank()) {
            throw invalid();
        }
        Event event;
        try {
            event = Webhook.constructEvent(payload, signatureHeader, secrets.webhookSecret(), TOLERANCE.toSeconds(),
                    clock);
        } catch (SignatureVerificationException e) {
            log.warn("Stripe webhook refused: {}", e.getMessage());
            throw invalid();
        } catch (RuntimeException e) {
            // signed correctly but not an event (a stray payload): as unusable as a forged one
            log.warn("Stripe webhook unreadable: {}", e.toString());
            throw invalid();
        }
        return reduce(event);
    }

    private static WebhookEvent reduce(Event event) {
        String raw = event.getDataObjectDeserializer().getRawJson();
        return switch (event.getType()) {
            case "payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.canceled",
                 "payment_intent.processing", "payment_intent.requires_action" -> {
                PaymentIntent intent = ApiResource.GSON.fromJson(raw, PaymentIntent.class);
                // the intent as it is now: payment_failed leaves it requires_payment_method, i.e. declined
                ChargeResult result = StripeGateway.result(intent);
                yield new WebhookEvent.ChargeChanged(event.getId(), event.getType(), attemptId(intent), result);
            }
            case "charge.refunded" -> {
                // two fields of a Charge: read as JSON, so the jar needs none of Charge's hundred nested types
                JsonNode charge = JSON.readTree(raw);
                yield new WebhookEvent.ChargeRefunded(event.getId(), event.getType(),
                        charge.path("payment_intent").asString(null), charge.path("amount_refunded").asLong(0));
            }
            default -> new WebhookEvent.Ignored(event.getId(), event.getType());
        };
    }

    private static UUID attemptId(PaymentIntent intent) {
        String value = intent.getMetadata() == null ? null : intent.getMetadata().get("attempt_id");
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ApiException invalid() {
        return ApiException.badRequest("INVALID_WEBHOOK_SIGNATURE",
                "The Stripe-Signature header is missing, invalid or too old");
    }
}
