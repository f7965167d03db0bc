package com.eventplanner.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.MessageCodec;
import com.eventplanner.contracts.booking.BookingCancelled;
import com.eventplanner.contracts.booking.CancellationReason;
import com.eventplanner.payment.BookingServiceStub.Booking;
import com.eventplanner.security.Role;
import com.eventplanner.testsupport.Fixtures;
import com.eventplanner.testsupport.LambdaInvocations;
import com.eventplanner.testsupport.WithLocalInfrastructure;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * BookingCancelledPaymentFunction through the real FunctionInvoker with SQS events of booking.cancelled envelopes:
 * one refund per captured payment however often it is asked for, payment.refunded once, a refusal retried by
 * reconciliation and then parked with an audit record, a late payment refunded.
 */
@WithLocalInfrastructure
class RefundFunctionTest {

    private static final MessageCodec CODEC = new MessageCodec();

    private final TestStack stack = TestStack.get();
    private final Ledger ledger = new Ledger(stack.infra);
    private final UUID attendee = UUID.randomUUID();
    private final String token = stack.token(attendee, Role.ATTENDEE);

    @Test
    void bookingCancelledDeliveredTwiceRefundsOnceAndAnnouncesItOnce() {
        Paid paid = pay("pm_card_visa");
        String message = cancelled(paid, CancellationReason.EVENT_CANCELLED);

        JsonNode first = invoke(TestStack.sqsEvent(message, message));
        JsonNode second = invoke(TestStack.sqsEvent(message));
        // booking-service announcing the cancellation again, in a new envelope, changes nothing either
        JsonNode third = invoke(TestStack.sqsEvent(cancelled(paid, CancellationReason.EVENT_CANCELLED)));

        for (JsonNode response : List.of(first, second, third)) {
            assertThat(response.get("batchItemFailures")).isEmpty();
        }
        assertThat(stack.stripe.server().findAll(postRequestedFor(urlEqualTo("/v1/refunds"))
                .withRequestBody(containing("payment_intent=" + paid.intent())))).hasSize(1);
        JsonNode refunded = stack.awaitOne("payment.refunded", paid.paymentId());
        assertThat(refunded.get("data").get("reason").asString()).isEqualTo("EVENT_CANCELLED");
        assertThat(refunded.get("data").get("amount").get("amount").decimalValue()).isEqualByComparingTo("49.90");
        assertThat(stack.count("payment.refunded", paid.paymentId())).isOne();
        JsonNode view = stack.get(stack.api, token, "/api/payments/" + paid.paymentId(), Map.of()).expect(200).json();
        assertThat(view.get("status").asString()).isEqualTo("REFUNDED");
        assertThat(view.get("refund").get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(ledger.refunds(paid.paymentId())).isOne();
    }

    @Test
    void aRefundTheProcessorRefusesIsRetriedThenParkedVisiblyWithAnAuditRecord() {
        Paid paid = pay("pm_card_refundFail");

        invoke(TestStack.sqsEvent(cancelled(paid, CancellationReason.USER_REQUEST)));
        assertThat(ledger.refundStatus(paid.paymentId())).isEqualTo("PENDING:1");
        reconcile();
        assertThat(ledger.refundStatus(paid.paymentId())).isEqualTo("PENDING:2");
        reconcile();

        assertThat(ledger.refundStatus(paid.paymentId())).isEqualTo("PARKED:3");
        reconcile();
        assertThat(stack.stripe.server().findAll(postRequestedFor(urlEqualTo("/v1/refunds"))
                .withRequestBody(containing("payment_intent=" + paid.intent())))).as("no try after parking").hasSize(3);
        JsonNode view = stack.get(stack.api, stack.token(UUID.randomUUID(), Role.ADMIN),
                "/api/payments/" + paid.paymentId(), Map.of()).expect(200).json();
        assertThat(view.get("refund").get("status").asString()).isEqualTo("PARKED");
        assertThat(view.get("status").asString()).as("the money has not gone back").isEqualTo("SUCCEEDED");
        try (MongoClient mongo = MongoClients.create(stack.infra.mongoUri())) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Document parked = mongo.getDatabase("audit").getCollection("audit_logs").find(Filters.and(
                        Filters.eq("resourceId", paid.paymentId()), Filters.eq("action", "REFUND_PARKED"))).first();
                assertThat(parked).isNotNull();
                assertThat(parked.get("changes", Document.class).getString("error")).contains("charge_disputed");
            });
            List<String> actions = new ArrayList<>();
            mongo.getDatabase("audit").getCollection("audit_logs").find(Filters.eq("resourceId", paid.paymentId()))
                    .forEach(d -> actions.add(d.getString("action")));
            assertThat(actions).contains("PAYMENT_ATTEMPT_CREATED", "PAYMENT_SUCCEEDED", "REFUND_REQUESTED",
                    "REFUND_RETRY_SCHEDULED", "REFUND_PARKED");
        }
        assertThat(stack.count("payment.refunded", paid.paymentId())).isZero();
    }

    @Test
    void aLatePaymentWhoseSeatsWereResoldIsRefunded() {
        Paid paid = pay("pm_card_visa");

        invoke(TestStack.sqsEvent(cancelled(paid, CancellationReason.REFUND_LATE_PAYMENT)));

        JsonNode refunded = stack.awaitOne("payment.refunded", paid.paymentId());
        assertThat(refunded.get("data").get("reason").asString()).isEqualTo("REFUND_LATE_PAYMENT");
        assertThat(refunded.get("data").get("bookingId").asString()).isEqualTo(paid.bookingId().toString());
    }

    @Test
    void aCancellationWithoutARefundChangesNothingAndAPoisonMessageFailsAlone() {
        Paid paid = pay("pm_card_visa");
        String noRefund = CODEC.encode(Envelope.of(new BookingCancelled(paid.bookingId(), UUID.randomUUID(),
                attendee, 2, CancellationReason.USER_REQUEST, false, null), "booking-service", "c-1", Instant.now()));
        String unknownPayment = CODEC.encode(Envelope.of(new BookingCancelled(UUID.randomUUID(), UUID.randomUUID(),
                attendee, 2, CancellationReason.EVENT_CANCELLED, true, UUID.randomUUID()), "booking-service", "c-2",
                Instant.now()));

        JsonNode response = invoke(TestStack.sqsEvent(noRefund, "{\"not\": \"an envelope\"}", unknownPayment));

        assertThat(response.get("batchItemFailures")).hasSize(2);
        assertThat(ledger.refunds(paid.paymentId())).isZero();
    }

    @Test
    void theFixturesOfTheFunctionRunThroughItsInvoker() {
        for (String fixture : List.of("normal", "duplicate")) {
            JsonNode response = TestStack.JSON.readTree(LambdaInvocations.invoke(stack.refunds,
                    "booking-cancelled-payment", Fixtures.load("booking-cancelled-payment/" + fixture + ".json")));
            assertThat(response.get("batchItemFailures")).as(fixture).isEmpty();
        }
        JsonNode poison = TestStack.JSON.readTree(LambdaInvocations.invoke(stack.refunds, "booking-cancelled-payment",
                Fixtures.load("booking-cancelled-payment/poison.json")));
        assertThat(poison.get("batchItemFailures")).hasSize(1);
    }

    private record Paid(String paymentId, UUID bookingId, String intent) {
    }

    private Paid pay(String method) {
        Booking booking = stack.bookings.serve(Booking.pending(attendee, UUID.randomUUID(), "49.90", "EUR"), token);
        JsonNode paid = stack.pay(token, "k-" + UUID.randomUUID(), booking.id(), method).expect(201).json();
        assertThat(paid.get("status").asString()).isEqualTo("SUCCEEDED");
        stack.awaitOne("payment.completed", paid.get("id").asString());
        return new Paid(paid.get("id").asString(), booking.id(),
                ledger.intentOf(paid.get("attempt").get("id").asString()));
    }

    private String cancelled(Paid paid, CancellationReason reason) {
        return CODEC.encode(Envelope.of(new BookingCancelled(paid.bookingId(), UUID.randomUUID(), attendee, 2, reason,
                true, UUID.fromString(paid.paymentId())), "booking-service", "corr-" + UUID.randomUUID(),
                Instant.now()));
    }

    private JsonNode invoke(String sqsEvent) {
        return TestStack.JSON.readTree(LambdaInvocations.invoke(stack.refunds, "booking-cancelled-payment",
                sqsEvent));
    }

    private void reconcile() {
        LambdaInvocations.invoke(stack.reconciliation, "payment-reconciliation",
                Fixtures.load("payment-reconciliation/scheduled.json"));
    }
}
