package com.eventplanner.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import java.time.Instant;
import java.util.UUID;

/**
 * booking-service's {@code GET /api/bookings/{id}} as a stub answering the JSON booking-service renders
 * (BookingResponse), for the attendee's token only: anyone else gets booking-service's 404, as a real one answers a
 * booking the caller may not see. The real booking-service answers these calls in the local stack's tests.
 */
public final class BookingServiceStub implements AutoCloseable {

    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    public BookingServiceStub() {
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public record Booking(UUID id, UUID eventId, UUID userId, UUID organizerId, String amount, String currency,
                          String status, Instant holdExpiresAt) {

        public static Booking pending(UUID attendee, UUID organizer, String amount, String currency) {
            return new Booking(UUID.randomUUID(), UUID.randomUUID(), attendee, organizer, amount, currency,
                    "PENDING_PAYMENT", Instant.now().plusSeconds(900));
        }

        Booking withStatus(String newStatus, Instant holdExpires) {
            return new Booking(id, eventId, userId, organizerId, amount, currency, newStatus, holdExpires);
        }

        String json() {
            return """
                    {"id": "%s", "eventId": "%s", "userId": "%s", "organizerId": "%s", "quantity": 2,
                     "amount": {"amount": %s, "currency": "%s"}, "status": "%s", "holdExpiresAt": "%s",
                     "createdAt": "%s", "updatedAt": "%s"}""".formatted(id, eventId, userId, organizerId, amount,
                    currency, status, holdExpiresAt, Instant.now().minusSeconds(60), Instant.now().minusSeconds(60));
        }
    }

    /** booking-service answers this booking to the bearer of {@code token}. */
    public Booking serve(Booking booking, String token) {
        server.stubFor(get(urlEqualTo("/api/bookings/" + booking.id()))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(booking.json())));
        return booking;
    }

    public Booking expire(Booking booking, String token) {
        return serve(booking.withStatus("PENDING_PAYMENT", Instant.now().minusSeconds(5)), token);
    }

    /** booking-service is down for this booking: the connection drops, or it answers later than the timeout. */
    public void fail(UUID bookingId, boolean slow) {
        server.stubFor(get(urlEqualTo("/api/bookings/" + bookingId)).willReturn(slow
                ? aResponse().withStatus(200).withFixedDelay(5_000)
                : aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    public int lookups(UUID bookingId) {
        return server.countRequestsMatching(getRequestedFor(urlEqualTo("/api/bookings/" + bookingId)).build())
                .getCount();
    }

    @Override
    public void close() {
        server.stop();
    }
}
