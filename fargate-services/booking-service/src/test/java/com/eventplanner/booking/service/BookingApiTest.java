package com.eventplanner.booking.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.eventplanner.audit.AuditQueries;
import com.eventplanner.booking.HoldExpiry;
import com.eventplanner.booking.PaymentConfirmation;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.payment.PaymentCompleted;
import com.eventplanner.localinfra.LocalSnsServer;
import com.eventplanner.security.Role;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class BookingApiTest extends ServiceTest {

    @Autowired
    HoldExpiry holdExpiry;
    @Autowired
    PaymentConfirmation payments;
    @Autowired
    AuditQueries audit;

    @Test
    void aBookingHoldsSeatsForFifteenMinutesAndIsAnnounced() {
        UUID eventId = openEvent(UUID.randomUUID(), 10, "19.90");
        User user = user();

        Api.Response created = api.book(user.token(), UUID.randomUUID().toString(), body(eventId, 3));

        assertThat(created.status()).isEqualTo(201);
        JsonNode booking = created.json();
        assertThat(booking.path("status").asString()).isEqualTo("PENDING_PAYMENT");
        assertThat(booking.path("quantity").asInt()).isEqualTo(3);
        assertThat(booking.path("amount").path("amount").decimalValue()).isEqualByComparingTo("59.70");
        assertThat(booking.path("amount").path("currency").asString()).isEqualTo("EUR");
        assertThat(created.header("Location")).contains("/api/bookings/" + booking.path("id").asString());
        assertThat(available(eventId)).isEqualTo(7);
        String id = booking.path("id").asString();
        // the outbox relay publishes booking.created to the booking topic
        await().atMost(Duration.ofSeconds(15)).until(() -> published("booking.created", id));
        // the audit record is written off the request thread, still carrying the request's correlation id
        String correlationId = created.header("X-Correlation-Id").orElseThrow();
        await().atMost(Duration.ofSeconds(15)).until(() -> audit.byServiceAndAction("booking-service",
                        "booking.created", Instant.now().minus(Duration.ofHours(1)), Instant.now().plusSeconds(60), 500)
                .stream().anyMatch(r -> id.equals(r.resourceId()) && correlationId.equals(r.correlationId())
                        && user.id().toString().equals(r.userId())));
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        UUID eventId = openEvent(UUID.randomUUID(), 10, "10.00");
        User user = user();
        String key = UUID.randomUUID().toString();
        Api.Response first = api.book(user.token(), key, body(eventId, 1));
        Api.Response again = api.book(user.token(), key, "{ \"quantity\": 1, \"eventId\": \"" + eventId + "\" }");
        Api.Response other = api.book(user.token(), key, body(eventId, 2));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.raw().body()).isEqualTo(first.raw().body());
        assertThat(again.header("Idempotent-Replayed")).contains("true");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.text("type")).endsWith("/idempotency-key-reused");
        assertThat(other.json().path("errors").get(0).path("field").asString()).isEqualTo("Idempotency-Key");
        // another user's identical key is their own
        assertThat(api.book(user().token(), key, body(eventId, 2)).status()).isEqualTo(201);
    }

    @Test
    void aBookingIsVisibleToItsAttendeeTheOrganizerAndAdminsOnly() {
        UUID organizerId = UUID.randomUUID();
        User organizer = new User(organizerId, "org@example.com",
                STACK.token(organizerId, "org@example.com", Role.ORGANIZER));
        UUID eventId = openEvent(organizerId, 10, "10.00");
        User owner = user();
        String id = api.book(owner.token(), UUID.randomUUID().toString(), body(eventId, 1)).text("id");

        assertThat(api.get("/api/bookings/" + id, owner.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/bookings/" + id, organizer.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/bookings/" + id, user(Role.ADMIN).token()).status()).isEqualTo(200);
        Api.Response stranger = api.get("/api/bookings/" + id, user().token());
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.text("type")).endsWith("/booking-not-found");
        assertThat(api.get("/api/bookings/" + UUID.randomUUID(), owner.token()).status()).isEqualTo(404);
        assertThat(api.post("/api/bookings/" + id + "/cancel", user().token()).status()).isEqualTo(404);
    }

    @Test
    void listsMyBookingsByStatusPageByPageAndTheEventsBookingsForItsOrganizer() {
        UUID organizerId = UUID.randomUUID();
        UUID eventId = openEvent(organizerId, 20, "10.00");
        User me = user();
        String first = api.book(me.token(), UUID.randomUUID().toString(), body(eventId, 1)).text("id");
        api.book(me.token(), UUID.randomUUID().toString(), body(eventId, 1));
        api.book(me.token(), UUID.randomUUID().toString(), body(eventId, 1));
        api.post("/api/bookings/" + first + "/cancel", me.token());
        api.book(user().token(), UUID.randomUUID().toString(), body(eventId, 2));

        JsonNode page = api.get("/api/bookings?status=PENDING_PAYMENT&size=1&page=1", me.token()).json();
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("totalItems").asInt()).isEqualTo(2);
        assertThat(page.path("totalPages").asInt()).isEqualTo(2);
        JsonNode cancelled = api.get("/api/bookings?status=CANCELLED", me.token()).json();
        assertThat(cancelled.path("items")).singleElement()
                .satisfies(b -> assertThat(b.path("id").asString()).isEqualTo(first));

        String organizerToken = STACK.token(organizerId, "org@example.com", Role.ORGANIZER);
        JsonNode ofEvent = api.get("/api/bookings?eventId=" + eventId, organizerToken).json();
        assertThat(ofEvent.path("totalItems").asInt()).isEqualTo(4);
        assertThat(api.get("/api/bookings?eventId=" + eventId, me.token()).status()).isEqualTo(403);
    }

    @Test
    void oneUserCannotHoldMoreThanTheCapOfOneEvent() {
        UUID eventId = openEvent(UUID.randomUUID(), 100, "10.00");
        User scalper = user();
        assertThat(api.book(scalper.token(), UUID.randomUUID().toString(), body(eventId, 8)).status()).isEqualTo(201);

        Api.Response refused = api.book(scalper.token(), UUID.randomUUID().toString(), body(eventId, 3));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("type")).endsWith("/seat-limit-exceeded");
        assertThat(available(eventId)).isEqualTo(92);
        assertThat(api.book(scalper.token(), UUID.randomUUID().toString(), body(eventId, 2)).status()).isEqualTo(201);
    }

    @Test
    void cancellingGivesTheSeatsBack() {
        UUID eventId = openEvent(UUID.randomUUID(), 5, "10.00");
        User user = user();
        String id = api.book(user.token(), UUID.randomUUID().toString(), body(eventId, 5)).text("id");
        assertThat(api.book(user().token(), UUID.randomUUID().toString(), body(eventId, 1)).status()).isEqualTo(409);

        Api.Response cancelled = api.post("/api/bookings/" + id + "/cancel", user.token());

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
        assertThat(cancelled.text("cancellationReason")).isEqualTo("USER_REQUEST");
        assertThat(available(eventId)).isEqualTo(5);
        assertThat(api.get("/api/bookings/" + id, user.token()).text("status")).isEqualTo("CANCELLED");
        assertThat(api.post("/api/bookings/" + id + "/cancel", user.token()).status()).isEqualTo(409);
        assertThat(outboxTypes(UUID.fromString(id))).containsExactly("booking.created", "booking.cancelled");
    }

    @Test
    void expiredHoldsReleaseTheirSeatsAndAnnounceIt() {
        UUID eventId = openEvent(UUID.randomUUID(), 2, "10.00");
        User user = user();
        String id = api.book(user.token(), UUID.randomUUID().toString(), body(eventId, 2)).text("id");
        assertThat(api.get("/api/bookings/" + id, user.token()).text("status")).isEqualTo("PENDING_PAYMENT");
        assertThat(available(eventId)).isZero();

        expireHold(id);
        assertThat(holdExpiry.releaseExpired()).isPositive();

        assertThat(available(eventId)).isEqualTo(2);
        assertThat(api.get("/api/bookings/" + id, user.token()).text("status")).isEqualTo("EXPIRED");
        await().atMost(Duration.ofSeconds(15)).until(() -> published("booking.expired", id));
        assertThat(api.book(user().token(), UUID.randomUUID().toString(), body(eventId, 2)).status()).isEqualTo(201);
    }

    @Test
    void aPaymentAfterTheHoldExpiredAndTheSeatsWereResoldIsRefunded() {
        UUID eventId = openEvent(UUID.randomUUID(), 1, "10.00");
        User late = user();
        String id = api.book(late.token(), UUID.randomUUID().toString(), body(eventId, 1)).text("id");
        expireHold(id);
        holdExpiry.releaseExpired();
        assertThat(api.book(user().token(), UUID.randomUUID().toString(), body(eventId, 1)).status()).isEqualTo(201);

        UUID paymentId = UUID.randomUUID();
        payments.paymentCompleted(envelope(new PaymentCompleted(paymentId, UUID.fromString(id), late.id(),
                new Money(new BigDecimal("10.00"), "EUR"))));

        JsonNode booking = api.get("/api/bookings/" + id, late.token()).json();
        assertThat(booking.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(booking.path("cancellationReason").asString()).isEqualTo("REFUND_LATE_PAYMENT");
        assertThat(booking.path("paymentId").asString()).isEqualTo(paymentId.toString());
        assertThat(available(eventId)).isZero();
        assertThat(seats(eventId, "CONFIRMED")).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> STACK.infra.snsServer().published().stream()
                .anyMatch(m -> m.message().contains(id) && m.message().contains("REFUND_LATE_PAYMENT")));
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        UUID eventId = openEvent(UUID.randomUUID(), 5, "10.00");
        String token = user().token();

        assertField(api.book(token, "k-" + UUID.randomUUID(), body(eventId, 11)), 400, "quantity");
        assertField(api.book(token, "k-" + UUID.randomUUID(), body(eventId, 0)), 400, "quantity");
        assertField(api.book(token, "k-" + UUID.randomUUID(), "{\"quantity\":1}"), 400, "eventId");
        assertField(api.book(token, "k-" + UUID.randomUUID(), "{\"eventId\":\"nope\",\"quantity\":1}"), 400,
                "eventId");
        assertField(api.book(token, "k-" + UUID.randomUUID(),
                "{\"eventId\":\"" + eventId + "\",\"quantity\":1,\"price\":0}"), 400, "price");
        assertField(api.book(token, null, body(eventId, 1)), 400, "Idempotency-Key");
        assertField(api.book(token, "has space", body(eventId, 1)), 400, "Idempotency-Key");
        assertField(api.get("/api/bookings?size=1000", token), 400, "size");
        assertField(api.get("/api/bookings?status=PAID", token), 400, "status");
        assertField(api.get("/api/bookings/not-a-uuid", token), 400, "id");
        Api.Response unknownEvent = api.book(token, "k-" + UUID.randomUUID(), body(UUID.randomUUID(), 1));
        assertThat(unknownEvent.status()).isEqualTo(404);
        assertThat(unknownEvent.text("type")).endsWith("/event-not-found");
        Api.Response malformed = api.book(token, "k-" + UUID.randomUUID(), "{\"eventId\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).contains("application/problem+json");
    }

    @Test
    void everyRouteNeedsAValidToken() {
        Api.Response missing = api.get("/api/bookings", null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.header("WWW-Authenticate")).contains("Bearer");
        assertThat(missing.header("Content-Type")).contains("application/problem+json");
        assertThat(api.get("/api/bookings", STACK.forgedToken(UUID.randomUUID())).status()).isEqualTo(401);
        assertThat(api.book("garbage", "k", body(UUID.randomUUID(), 1)).status()).isEqualTo(401);
        assertThat(api.post("/api/bookings/" + UUID.randomUUID() + "/cancel", null).status()).isEqualTo(401);
    }

    @Test
    void aTokenWhoseSessionEndedIsRejectedWithinASecond() {
        String token = STACK.token(UUID.randomUUID(), "leaver@example.com", Role.ATTENDEE);
        assertThat(api.get("/api/bookings", token).status()).isEqualTo(200);

        STACK.authority.endSession(token);

        // a session found in Redis is trusted for eventplanner.cache.session-confirmed-for (0.5 s), not longer
        await("logged out, token not yet expired").atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/api/bookings", token).status() == 401);
    }

    @Test
    void operationsEndpointsAnswer() {
        Api.Response readiness = api.get("/actuator/health/readiness", null);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.text("status")).isEqualTo("UP");
        Api.Response health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus", null).raw().body()).contains("http_server_requests");
        Api.Response docs = api.get("/api/bookings/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.raw().body()).contains("/api/bookings/{id}/cancel");
        assertThat(api.get("/api/bookings/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    private void expireHold(String bookingId) {
        jdbc.update("UPDATE booking SET hold_expires_at = now() - interval '1 second' WHERE id = ?",
                UUID.fromString(bookingId));
    }

    private static void assertField(Api.Response response, int status, String field) {
        assertThat(response.status()).as(response.raw().body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).contains("application/problem+json");
        assertThat(response.json().path("errors").findValuesAsString("field")).as(response.raw().body())
                .contains(field);
    }

    private static boolean published(String type, String id) {
        return STACK.infra.snsServer().published().stream().map(LocalSnsServer.PublishedMessage::message)
                .anyMatch(message -> message.contains("\"" + type + "\"") && message.contains(id));
    }
}
