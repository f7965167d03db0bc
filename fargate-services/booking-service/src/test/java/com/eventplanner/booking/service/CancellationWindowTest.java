package com.eventplanner.booking.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.event.EventCancelled;
import com.eventplanner.contracts.event.EventUpdated;
import com.eventplanner.contracts.event.Venue;
import com.eventplanner.security.Role;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An attendee cancels until 24 hours (eventplanner.booking.cancellation-cutoff) before the event starts. */
class CancellationWindowTest extends ServiceTest {

    @Test
    void anAttendeeCancelsUntilADayBeforeTheStartThenGetsAConflictNamingTheRule() {
        UUID early = openEvent(UUID.randomUUID(), 10, "10.00", Instant.now().plus(Duration.ofHours(25)));
        UUID late = openEvent(UUID.randomUUID(), 10, "10.00", Instant.now().plus(Duration.ofHours(23)));
        User user = user();
        String inTime = api.book(user.token(), UUID.randomUUID().toString(), body(early, 2)).text("id");
        String tooLate = api.book(user.token(), UUID.randomUUID().toString(), body(late, 2)).text("id");

        assertThat(api.post("/api/bookings/" + inTime + "/cancel", user.token()).status()).isEqualTo(200);
        Api.Response refused = api.post("/api/bookings/" + tooLate + "/cancel", user.token());

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(refused.text("type")).endsWith("/cancellation-window-closed");
        assertThat(refused.text("detail")).contains("24 hours before the event starts");
        assertThat(api.get("/api/bookings/" + tooLate, user.token()).text("status")).isEqualTo("PENDING_PAYMENT");
        assertThat(available(late)).isEqualTo(8);
    }

    @Test
    void anAdminIsNotBoundByTheWindow() {
        UUID eventId = openEvent(UUID.randomUUID(), 10, "10.00", Instant.now().plus(Duration.ofHours(2)));
        User user = user();
        String id = api.book(user.token(), UUID.randomUUID().toString(), body(eventId, 1)).text("id");
        assertThat(api.post("/api/bookings/" + id + "/cancel", user.token()).status()).isEqualTo(409);

        Api.Response cancelled = api.post("/api/bookings/" + id + "/cancel", user(Role.ADMIN).token());

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
    }

    @Test
    void theWindowFollowsTheStartEventUpdatedMovedAndAnEventCancellationIsNotBoundByIt() {
        UUID organizerId = UUID.randomUUID();
        UUID eventId = openEvent(organizerId, 10, "10.00", Instant.now().plus(Duration.ofDays(10)));
        User user = user();
        String id = api.book(user.token(), UUID.randomUUID().toString(), body(eventId, 1)).text("id");
        Instant soon = Instant.now().plus(Duration.ofHours(3));
        inventoryProjection.eventUpdated(envelope(new EventUpdated(eventId, organizerId, "Concert",
                new Venue("Hall", "Main St 1", "Berlin"), soon, soon.plus(Duration.ofHours(4)), "Europe/Berlin", 10,
                new Money(new BigDecimal("10.00"), "EUR"))));

        assertThat(api.post("/api/bookings/" + id + "/cancel", user.token()).text("type"))
                .endsWith("/cancellation-window-closed");

        inventoryProjection.eventCancelled(envelope(new EventCancelled(eventId, organizerId, "Concert", "storm")));
        Api.Response booking = api.get("/api/bookings/" + id, user.token());
        assertThat(booking.text("status")).isEqualTo("CANCELLED");
        assertThat(booking.text("cancellationReason")).isEqualTo("EVENT_CANCELLED");
    }
}
