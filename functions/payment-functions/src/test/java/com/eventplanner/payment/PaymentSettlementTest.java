package com.eventplanner.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.eventplanner.payment.BookingServiceStub.Booking;
import com.eventplanner.payment.TestStack.Response;
import com.eventplanner.security.Role;
import com.eventplanner.testsupport.LambdaInvocations;
import com.eventplanner.testsupport.WithLocalInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What settles a payment after the API answered: Stripe's signed webhooks (3-D Secure completed; forged, stale and
 * replayed ones change nothing) and reconciliation (a charge that timed out; an abandoned 3-D Secure), each outcome
 * emitted once; and the business metrics those changes log.
 */
@WithLocalInfrastructure
class PaymentSettlementTest {

    private final TestStack stack = TestStack.get();
    private final Ledger ledger = new Ledger(stack.infra);
    private final UUID attendee = UUID.randomUUID();
    private final String token = stack.token(attendee, Role.ATTENDEE);

    @Test
    void requiresActionIsCompletedByASignedWebhookOnceAndForgedStaleOrReplayedOnesChangeNothing() {
        Booking booking = stack.bookings.serve(Booking.pending(attendee, UUID.randomUUID(), "49.90", "EUR"), token);
        Response action = stack.pay(token, "k-" + UUID.randomUUID(), booking.id(), "pm_card_authenticationRequired")
                .expect(201);
        assertThat(action.json().get("status").asString()).isEqualTo("REQUIRES_ACTION");
        assertThat(action.json().get("clientSecret").asString()).contains("_secret_");
        assertThat(action.json().get("nextAction").get("type").asString()).isEqualTo("use_stripe_sdk");
        String paymentId = action.json().get("id").asString();
        String attemptId = action.json().get("attempt").get("id").asString();
        String intent = ledger.intentOf(attemptId);
        String event = TestStack.stripeEvent("evt_" + UUID.randomUUID(), "payment_intent.succeeded", intent, attemptId,
                "succeeded");

        Response forged = stack.webhook(stack.api, event, TestStack.signature(event, Instant.now(), "whsec_wrong"))
                .expect(400);
        assertThat(forged.json().get("type").asString()).endsWith("/problems/invalid-webhook-signature");
        stack.webhook(stack.api, event, TestStack.signature(event, Instant.now().minusSeconds(360),
                Invokers.WEBHOOK_SECRET)).expect(400);
        stack.webhook(stack.api, event, null).expect(400);
        assertThat(status(paymentId)).as("after forged and stale webhooks").isEqualTo("REQUIRES_ACTION");

        Response applied = stack.webhook(stack.api, event, TestStack.signature(event, Instant.now(),
                Invokers.WEBHOOK_SECRET)).expect(200);
        assertThat(applied.json().get("duplicate").asBoolean()).isFalse();
        assertThat(status(paymentId)).isEqualTo("SUCCEEDED");
        stack.awaitOne("payment.completed", paymentId);

        Response replayed = stack.webhook(stack.api, event, TestStack.signature(event, Instant.now(),
                Invokers.WEBHOOK_SECRET)).expect(200);
        assertThat(replayed.json().get("duplicate").asBoolean()).isTrue();
        // a later event about the same outcome (another id) settles nothing more either
        String again = TestStack.stripeEvent("evt_" + UUID.randomUUID(), "payment_intent.succeeded", intent,
                attemptId, "succeeded");
        stack.webhook(stack.api, again, TestStack.signature(again, Instant.now(), Invokers.WEBHOOK_SECRET)).expect(200);
        sleep(Duration.ofSeconds(1));
        assertThat(stack.count("payment.completed", paymentId)).isOne();
    }

    @Test
    void aProcessorTimeoutIsProcessingUntilReconciliationSettlesItAndItsOutcomeIsEmittedOnce() {
        Booking booking = stack.bookings.serve(Booking.pending(attendee, UUID.randomUUID(), "49.90", "EUR"), token);
        stack.stripe.server().resetScenarios();

        Response timedOut = stack.pay(token, "k-" + UUID.randomUUID(), booking.id(), StripeStub.TIMEOUT_METHOD)
                .expect(202);
        assertThat(timedOut.json().get("status").asString()).isEqualTo("PROCESSING");
        String paymentId = timedOut.json().get("id").asString();
        assertThat(stack.count("payment.completed", paymentId)).isZero();

        sleep(Duration.ofMillis(StripeStub.TIMEOUT_DELAY_MILLIS));
        reconcile();
        assertThat(status(paymentId)).isEqualTo("SUCCEEDED");
        stack.awaitOne("payment.completed", paymentId);
        reconcile();
        sleep(Duration.ofSeconds(1));
        assertThat(stack.count("payment.completed", paymentId)).isOne();
        // the replay went under the attempt's key: Stripe answered it with the charge it had made
        var keys = stack.stripe.server().findAll(postRequestedFor(urlEqualTo("/v1/payment_intents")))
                .stream().filter(r -> r.getBodyAsString().contains(StripeStub.TIMEOUT_METHOD))
                .map(r -> r.getHeader("Idempotency-Key")).distinct().toList();
        assertThat(keys).hasSize(1);
    }

    @Test
    void anAbandonedThreeDSecureIsCancelledAtTheProcessorAndAnnouncedAsFailed() {
        Booking booking = stack.bookings.serve(Booking.pending(attendee, UUID.randomUUID(), "15.00", "EUR"), token);
        Response action = stack.pay(token, "k-" + UUID.randomUUID(), booking.id(), "pm_card_authenticationRequired")
                .expect(201);
        String paymentId = action.json().get("id").asString();
        String intent = ledger.intentOf(action.json().get("attempt").get("id").asString());
        // Stripe still waits for the payer, until the cancel
        stack.stripe.server().stubFor(get(urlEqualTo("/v1/payment_intents/" + intent)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(StripeStub.intent("requires_action", null).replace("\"id\": \"pi_{{randomValue "
                                + "length=24 type='ALPHANUMERIC'}}\"", "\"id\": \"" + intent + "\""))));

        sleep(Duration.ofMillis(2_100));
        reconcile();

        assertThat(status(paymentId)).isEqualTo("FAILED");
        assertThat(stack.awaitOne("payment.failed", paymentId).get("data").get("reason").asString())
                .isEqualTo("canceled");
        assertThat(stack.stripe.server().findAll(postRequestedFor(urlEqualTo(
                "/v1/payment_intents/" + intent + "/cancel")))).hasSize(1);
        // the payer may try again with another card
        assertThat(stack.pay(token, "k-" + UUID.randomUUID(), booking.id(), "pm_card_visa").expect(201).json()
                .get("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void changesAreLoggedAsEmbeddedMetricsByCurrency() {
        Booking booking = stack.bookings.serve(Booking.pending(attendee, UUID.randomUUID(), "1500", "JPY"), token);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            stack.pay(token, "k-" + UUID.randomUUID(), booking.id(), "pm_card_visa").expect(201);
        } finally {
            System.setOut(original);
        }
        var lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{\"_aws\""))
                .map(TestStack.JSON::readTree).toList();
        assertThat(lines).extracting(l -> l.get("Currency").asString()).containsOnly("JPY");
        JsonNode succeeded = lines.stream().filter(l -> l.has("PaymentsSucceeded")).findFirst().orElseThrow();
        assertThat(succeeded.get("AmountSucceeded").asLong()).as("JPY has no minor unit").isEqualTo(1500);
        assertThat(succeeded.get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asString())
                .isEqualTo("EventPlanner/Payments");
        assertThat(lines.stream().filter(l -> l.has("PaymentsAttempted"))).hasSize(1);
    }

    private String status(String paymentId) {
        return stack.get(stack.api, token, "/api/payments/" + paymentId, Map.of()).expect(200).json()
                .get("status").asString();
    }

    private void reconcile() {
        LambdaInvocations.invoke(stack.reconciliation, "payment-reconciliation",
                com.eventplanner.testsupport.Fixtures.load("payment-reconciliation/scheduled.json"));
    }

    private static void sleep(Duration duration) {
        await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
    }
}
