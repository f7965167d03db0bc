package com.eventplanner.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.eventplanner.contracts.Destinations;
import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.MessageCodec;
import com.eventplanner.contracts.event.EventCancelled;
import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.testsupport.Fixtures;
import com.eventplanner.testsupport.LambdaInvocations;
import com.eventplanner.testsupport.WithLocalInfrastructure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The scheduled sweep publishes what an after-commit drain left behind and purges what no redelivery needs. */
@WithLocalInfrastructure
class OutboxSweepFunctionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LocalInfrastructure infra;
    private static TestTokens tokens;
    private static FunctionInvoker invoker;

    @BeforeAll
    static void start(LocalInfrastructure infrastructure) {
        infra = infrastructure;
        tokens = new TestTokens();
        invoker = Invokers.start("outboxSweep", infra, tokens);
    }

    @AfterAll
    static void stop() {
        tokens.close();
    }

    @Test
    void publishesLeftoverMessagesAndPurgesOldSentRows() throws SQLException {
        UUID eventId = UUID.randomUUID();
        Envelope<EventCancelled> leftover = Envelope.of(new EventCancelled(eventId, UUID.randomUUID(), "Left over",
                null), "event-functions", "sweep-test", Instant.now());
        UUID oldSent = UUID.randomUUID();
        try (Connection connection = infra.dataSource("event").getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO outbox_message (id, topic, type, payload, sent_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setObject(1, leftover.id());
            insert.setString(2, leftover.topic());
            insert.setString(3, leftover.type().wireName());
            insert.setString(4, new MessageCodec().encode(leftover));
            insert.setTimestamp(5, null);
            insert.executeUpdate();
            insert.setObject(1, oldSent);
            insert.setTimestamp(5, Timestamp.from(Instant.now().minus(Duration.ofDays(30))));
            insert.executeUpdate();
        }

        JsonNode result = JSON.readTree(LambdaInvocations.invoke(invoker, "outbox-sweep",
                Fixtures.load("outbox-sweep/scheduled.json")));
        assertThat(result.get("published").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(result.get("purgedOutbox").asInt()).isGreaterThanOrEqualTo(1);

        String queue = infra.queueUrl(Destinations.EVENT_CANCELLED_BOOKING_QUEUE);
        await().atMost(Duration.ofSeconds(10)).until(() -> infra.sqsClient()
                .receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages().stream()
                .anyMatch(m -> m.body().contains(eventId.toString())));
        try (Connection connection = infra.dataSource("event").getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM outbox_message WHERE id = ? OR (id = ? AND sent_at IS NOT NULL)")) {
            query.setObject(1, oldSent);
            query.setObject(2, leftover.id());
            var rows = query.executeQuery();
            rows.next();
            assertThat(rows.getInt(1)).as("old row purged, leftover marked sent").isEqualTo(1);
        }
    }

    @Test
    void forgetsSeatLedgerRowsNoMessageCanChange() throws SQLException {
        Instant old = Instant.now().minus(Duration.ofDays(30));
        UUID endedEvent = event(old.minus(Duration.ofDays(1)));
        UUID recentlyEndedEvent = event(Instant.now().minus(Duration.ofDays(5)));
        UUID comingEvent = event(Instant.now().plus(Duration.ofDays(30)));
        UUID releasedLongAgo = seatBooking(comingEvent, false, old);
        UUID heldForEndedEvent = seatBooking(endedEvent, true, old);
        UUID heldForRecentlyEndedEvent = seatBooking(recentlyEndedEvent, true, old);
        UUID heldForComingEvent = seatBooking(comingEvent, true, old);
        UUID heldForUnknownEvent = seatBooking(UUID.randomUUID(), true, old);
        UUID releasedRecently = seatBooking(comingEvent, false, Instant.now().minus(Duration.ofDays(1)));

        JsonNode result = JSON.readTree(LambdaInvocations.invoke(invoker, "outbox-sweep",
                Fixtures.load("outbox-sweep/scheduled.json")));

        assertThat(result.get("purgedSeatBookings").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(seatBookingExists(releasedLongAgo)).isFalse();
        assertThat(seatBookingExists(heldForEndedEvent)).isFalse();
        assertThat(seatBookingExists(heldForRecentlyEndedEvent)).as("its event ended within the retention").isTrue();
        assertThat(seatBookingExists(heldForComingEvent)).isTrue();
        assertThat(seatBookingExists(heldForUnknownEvent)).isTrue();
        assertThat(seatBookingExists(releasedRecently)).isTrue();
    }

    private static UUID event(Instant endsAt) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection connection = infra.dataSource("event").getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO event (id, organizer_id, title, description, venue_name, venue_address, venue_city,
                         starts_at, ends_at, time_zone, capacity, price_amount, price_currency, status, created_at,
                         updated_at, published_at)
                     VALUES (?, ?, 'Sweep test', '', 'Hall', '1 Street', 'Lisbon', ?, ?, 'Europe/Lisbon', 100, 10,
                         'EUR', 'PUBLISHED', now(), now(), now())""")) {
            insert.setObject(1, id);
            insert.setObject(2, UUID.randomUUID());
            insert.setTimestamp(3, Timestamp.from(endsAt.minus(Duration.ofHours(2))));
            insert.setTimestamp(4, Timestamp.from(endsAt));
            insert.executeUpdate();
        }
        return id;
    }

    private static UUID seatBooking(UUID eventId, boolean held, Instant updatedAt) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection connection = infra.dataSource("event").getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO event_seat_booking (booking_id, event_id, quantity, held, as_of, updated_at)
                     VALUES (?, ?, 2, ?, ?, ?)""")) {
            insert.setObject(1, id);
            insert.setObject(2, eventId);
            insert.setBoolean(3, held);
            insert.setTimestamp(4, Timestamp.from(updatedAt));
            insert.setTimestamp(5, Timestamp.from(updatedAt));
            insert.executeUpdate();
        }
        return id;
    }

    private static boolean seatBookingExists(UUID bookingId) throws SQLException {
        try (Connection connection = infra.dataSource("event").getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT 1 FROM event_seat_booking WHERE booking_id = ?")) {
            query.setObject(1, bookingId);
            return query.executeQuery().next();
        }
    }
}
