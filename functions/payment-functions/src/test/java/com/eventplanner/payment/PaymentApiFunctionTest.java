package com.eventplanner.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.eventplanner.payment.BookingServiceStub.Booking;
import com.eventplanner.payment.TestStack.Response;
import com.eventplanner.security.Role;
import com.eventplanner.testsupport.WithLocalInfrastructure;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The payments API through the real FunctionInvoker with ALB request events, Stripe's adapter (stripe-java) against
 * the Stripe stub, booking-service's answers from its stub, the outbox publishing to SNS -> SQS of template.yaml.
 */
@WithLocalInfrastructure
class PaymentApiFunctionTest {

    private final TestStack stack = TestStack.get();
    private final UUID attendee = UUID.randomUUID();
    private final UUID organizer = UUID.randomUUID();
    private final String token = stack.token(attendee, Role.ATTENDEE);

    @BeforeEach
    void resetStubCounts() {
        stack.stripe.reset();
    }

    @Test
    void anApprovedCardSucceedsAndAnnouncesPaymentCompletedWithTheBookingsAmount() {
        Booking booking = stack.bookings.serve(Booking.pending(attendee, organizer, "49.90", "EUR"), token);

        Response paid = stack.pay(token, "key-" + UUID.randomUUID(), booking.id(), "pm_card_visa").expect(201);

        assertThat(paid.json().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(paid.json().get("amountMinor").asLong()).isEqualTo(4990);
        assertThat(paid.json().get("amount").get("amount").decimalValue()).isEqualByComparingTo("49.90");
        assertThat(paid.header("Idempotent-Replayed")).isEqualTo("false");
        String paymentId = paid.json().get("id").asString();
        assertThat(paid.header("Location")).isEqualTo("/api/payments/" + paymentId);
        JsonNode completed = stack.awaitOne("payment.completed", paymentId);
        assertThat(completed.get("data").get("bookingId").asString()).isEqualTo(booking.id().toString());
        assertThat(completed.get("data").get("userId").asString()).isEqualTo(attendee.toString());
        assertThat(completed.get("data").get("amount").get("amount").decimalValue()).isEqualByComparingTo("49.90");
        assertThat(completed.get("data").get("amount").get("currency").asString()).isEqualTo("EUR");
        // Stripe got the amount in minor units, under the attempt's own idempotency key
        LoggedRequest charge = onlyCharge();
        assertThat(charge.getBodyAsString()).contains("amount=4990", "currency=eur", "confirm=true");
        assertThat(charge.getHeader("Idempotency-Key")).isEqualTo("pay-" + paid.json().get("attempt").get("id")
                .asString());
    }

    @Test
    void aDeclineFailsWithItsCodeAndARetryWithANewKeyAndAnotherCardSucceedsWhileTheHoldRuns() {
        Booking booking = stack.bookings.serve(Booking.pending(attendee, organizer, "20.00", "EUR"), token);

        Response declined = stack.pay(token, "first-" + UUID.randomUUID(), booking.id(),
                "pm_card_chargeDeclinedInsufficientFunds").expect(201);
        assertThat(declined.json().get("status").asString()).isEqualTo("FAILED");
        assertThat(declined.json().get("declineCode").asString()).isEqualTo("insufficient_funds");
        String paymentId = declined.json().get("id").asString();
        JsonNode failed = stack.awaitOne("payment.failed", paymentId);
        assertThat(failed.get("data").get("reason").asString()).isEqualTo("insufficient_funds");

        Response retried = stack.pay(token, "second-" + UUID.randomUUID(), booking.id(), "pm_card_mastercard")
                .expect(201);
        assertThat(retried.json().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(retried.json().get("id").asString()).as("one payment per booking").isEqualTo(paymentId);
        stack.awaitOne("payment.completed", paymentId);
        List<String> keys = stack.stripe.server().findAll(postRequestedFor(urlEqualTo("/v1/payment_intents")))
                .stream().map(r -> r.getHeader("Idempotency-Key")).toList();
        assertThat(keys).hasSize(2).doesNotHaveDuplicates();

        // the hold still applies: once it ran out, no charge is attempted
        Booking other = stack.bookings.serve(Booking.pending(attendee, organizer, "20.00", "EUR"), token);
        stack.pay(token, "first-" + UUID.randomUUID(), other.id(), "pm_card_chargeDeclined").expect(201);
        stack.bookings.expire(other, token);
        stack.stripe.reset();
        Response late = stack.pay(token, "second-" + UUID.randomUUID(), other.id(), "pm_card_visa").expect(409);
        assertThat(late.json().get("type").asString()).endsWith("/problems/hold-expired");
        assertThat(charges()).isEmpty();
    }

    @Test
    void twentyConcurrentRequestsWithOneKeyChargeOnceAndReplayTheFirstAnswer() throws Exception {
        Booking booking = stack.bookings.serve(Booking.pending(attendee, organizer, "35.00", "EUR"), token);
        String key = "concurrent-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> stack.pay(token, key, booking.id(), "pm_card_visa"));
            }
            answers.addAll(pool.invokeAll(calls));
        } finally {
            pool.shutdown();
        }

        List<Response> responses = new ArrayList<>();
        for (Future<Response> answer : answers) {
            responses.add(answer.get());
        }
        assertThat(charges()).as("charges at the gateway").hasSize(1);
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
        assertThat(responses.stream().filter(r -> "true".equals(r.header("Idempotent-Replayed")))).hasSize(19);
        assertThat(responses.stream().map(r -> r.json().toString()).distinct()).hasSize(1);
        assertThat(stack.count("payment.completed", responses.get(0).json().get("id").asString()))
                .isLessThanOrEqualTo(1);
        stack.awaitOne("payment.completed", responses.get(0).json().get("id").asString());
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        Booking booking = stack.bookings.serve(Booking.pending(attendee, organizer, "10.00", "EUR"), token);
        String key = "reuse-" + UUID.randomUUID();
        stack.pay(token, key, booking.id(), "pm_card_visa").expect(201);

        Response reused = stack.pay(token, key, booking.id(), "pm_card_mastercard").expect(422);

        assertThat(reused.json().get("type").asString()).endsWith("/problems/idempotency-key-reused");
        assertThat(charges()).hasSize(1);
    }

    @Test
    void anotherUsersBookingIsNotFoundAndNothingIsCharged() {
        Booking booking = stack.bookings.serve(Booking.pending(attendee, organizer, "10.00", "EUR"), token);
        String stranger = stack.token(UUID.randomUUID(), Role.ATTENDEE);

        Response response = stack.pay(stranger, "key-" + UUID.randomUUID(), booking.id(), "pm_card_visa")
                .expect(404);

        assertThat(response.json().get("type").asString()).endsWith("/problems/booking-not-found");
        assertThat(charges()).isEmpty();
        // the organizer may read the booking but does not pay it
        String organizerToken = stack.token(organizer, Role.ORGANIZER);
        stack.bookings.serve(booking, organizerToken);
        stack.pay(organizerToken, "key-" + UUID.randomUUID(), booking.id(), "pm_card_visa").expect(404);
        assertThat(charges()).isEmpty();
    }

    @Test
    void aBodyCarryingAnAmountIsRefusedNamingTheField() {
        Booking booking = stack.bookings.serve(Booking.pending(attendee, organizer, "10.00", "EUR"), token);
        Map<String, String> headers = Map.of("authorization", "Bearer " + token, "idempotency-key", "amount-1");

        Response response = stack.call(stack.api, "POST", "/api/payments", Map.of(), headers,
                "{\"bookingId\": \"" + booking.id() + "\", \"paymentMethod\": \"pm_card_visa\", "
                        + "\"amount\": {\"amount\": 0.01, \"currency\": \"EUR\"}}").expect(400);

        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("amount");
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(stack.bookings.lookups(booking.id())).isZero();
        assertThat(charges()).isEmpty();
    }

    @Test
    void aMissingIdempotencyKeyIsABadRequest() {
        Booking booking = stack.bookings.serve(Booking.pending(attendee, organizer, "10.00", "EUR"), token);

        Response response = stack.pay(token, null, booking.id(), "pm_card_visa").expect(400);

        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(charges()).isEmpty();
    }

    @Test
    void anExpiredHoldOrAPaidBookingIsNotCharged() {
        Booking expired = stack.bookings.expire(Booking.pending(attendee, organizer, "10.00", "EUR"), token);
        assertThat(stack.pay(token, "k-" + UUID.randomUUID(), expired.id(), "pm_card_visa").expect(409).json()
                .get("type").asString()).endsWith("/problems/hold-expired");

        Booking confirmed = stack.bookings.serve(new Booking(UUID.randomUUID(), UUID.randomUUID(), attendee,
                organizer, "10.00", "EUR", "CONFIRMED", java.time.Instant.now().plusSeconds(600)), token);
        assertThat(stack.pay(token, "k-" + UUID.randomUUID(), confirmed.id(), "pm_card_visa").expect(409).json()
                .get("type").asString()).endsWith("/problems/booking-not-payable");
        assertThat(charges()).isEmpty();
    }

    @Test
    void bookingServiceDownIsAServiceUnavailableProblemAndNothingIsCharged() {
        UUID reset = UUID.randomUUID();
        stack.bookings.fail(reset, false);
        UUID slow = UUID.randomUUID();
        stack.bookings.fail(slow, true);

        for (UUID bookingId : List.of(reset, slow)) {
            Response response = stack.pay(token, "k-" + UUID.randomUUID(), bookingId, "pm_card_visa").expect(503);
            assertThat(response.json().get("type").asString()).endsWith("/problems/booking-service-unavailable");
        }
        assertThat(charges()).isEmpty();
    }

    @Test
    void thePayerTheOrganizerAndAdminsReadAPaymentAndAnyoneElseGetsNotFound() {
        Booking booking = stack.bookings.serve(Booking.pending(attendee, organizer, "12.50", "EUR"), token);
        String id = stack.pay(token, "k-" + UUID.randomUUID(), booking.id(), "pm_card_visa").expect(201).json()
                .get("id").asString();

        for (String reader : List.of(token, stack.token(organizer, Role.ORGANIZER),
                stack.token(UUID.randomUUID(), Role.ADMIN))) {
            assertThat(stack.get(stack.api, reader, "/api/payments/" + id, Map.of()).expect(200).json()
                    .get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(stack.get(stack.api, reader, "/api/payments", Map.of("bookingId", booking.id().toString()))
                    .expect(200).json().get("items").get(0).get("id").asString()).isEqualTo(id);
        }
        String stranger = stack.token(UUID.randomUUID(), Role.ORGANIZER);
        stack.get(stack.api, stranger, "/api/payments/" + id, Map.of()).expect(404);
        stack.get(stack.api, stranger, "/api/payments", Map.of("bookingId", booking.id().toString())).expect(404);
        assertThat(stack.get(stack.api, token, "/api/payments", Map.of()).expect(200).json().get("items")
                .findValuesAsString("id")).contains(id);
    }

    @Test
    void aStripeServerErrorLeavesThePaymentProcessing() {
        Booking booking = stack.bookings.serve(Booking.pending(attendee, organizer, "10.00", "EUR"), token);

        Response response = stack.pay(token, "k-" + UUID.randomUUID(), booking.id(), StripeStub.SERVER_ERROR_METHOD)
                .expect(202);

        assertThat(response.json().get("status").asString()).isEqualTo("PROCESSING");
        assertThat(stack.pay(token, "k-" + UUID.randomUUID(), booking.id(), "pm_card_visa").expect(409).json()
                .get("type").asString()).endsWith("/problems/payment-in-progress");
    }

    private List<LoggedRequest> charges() {
        return stack.stripe.server().findAll(postRequestedFor(urlEqualTo("/v1/payment_intents"))
                .withHeader("Idempotency-Key", matching("pay-.*")).withRequestBody(containing("payment_method")));
    }

    private LoggedRequest onlyCharge() {
        List<LoggedRequest> charges = charges();
        assertThat(charges).hasSize(1);
        return charges.get(0);
    }
}
