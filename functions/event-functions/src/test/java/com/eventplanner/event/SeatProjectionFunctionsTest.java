package com.eventplanner.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.testsupport.Fixtures;
import com.eventplanner.testsupport.LambdaInvocations;
import com.eventplanner.testsupport.WithLocalInfrastructure;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seats-booked projection's queues (booking-created-, -confirmed-, -cancelled- and -expired-event-queue) with their
 * fixtures through the real {@link FunctionInvoker}: normal, duplicate and poison deliveries. A booking's seats count
 * while its latest message (by occurredAt) holds them, whatever order the queues deliver in, never below zero. The
 * fixtures are about the bookings of the booking-created-event fixtures (c3a1...e501 with 2 seats, c3a1...e502 with
 * 3): created 09:15, cancelled 09:20 (e501) or 10:02 (e502), expired 09:31, confirmed 09:33 (e501) or 09:34 (e502).
 */
@WithLocalInfrastructure
class SeatProjectionFunctionsTest {

    private static final UUID EVENT = UUID.fromString(EventApiFunctionTest.FIXTURE_EVENT_ID);
    private static final List<String> POISON_IDS = List.of(
            "4e1b7c0a-3f2d-4b6a-8c9e-0000000000%sa", "4e1b7c0a-3f2d-4b6a-8c9e-0000000000%sb");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LocalInfrastructure infra;
    private static TestTokens tokens;
    private static FunctionInvoker created;
    private static FunctionInvoker confirmed;
    private static FunctionInvoker cancelled;
    private static FunctionInvoker expired;

    @BeforeAll
    static void start(LocalInfrastructure infrastructure) {
        infra = infrastructure;
        tokens = new TestTokens();
        created = Invokers.start("bookingCreatedEvent", infra, tokens);
        confirmed = Invokers.start("bookingConfirmedEvent", infra, tokens);
        cancelled = Invokers.start("bookingCancelledEvent", infra, tokens);
        expired = Invokers.start("bookingExpiredEvent", infra, tokens);
    }

    @AfterAll
    static void stop() {
        tokens.close();
    }

    @BeforeEach
    void forgetEarlierDeliveries() throws SQLException {
        try (Connection connection = infra.dataSource("event").getConnection();
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM event_seats");
            statement.executeUpdate("DELETE FROM event_seat_booking");
            statement.executeUpdate("DELETE FROM processed_message");
        }
    }

    @Test
    void aBookingAddsItsSeatsToTheEvent() throws SQLException {
        assertThat(failures(invoke(created, "booking-created-event/normal.json"))).isEmpty();
        assertThat(seatsBooked()).isEqualTo(2);
    }

    @Test
    void aDuplicateBookingCreatedIsAcknowledgedAndCountedOnce() throws SQLException {
        assertThat(failures(invoke(created, "booking-created-event/normal.json"))).isEmpty();
        JsonNode response = invoke(created, "booking-created-event/duplicate.json");
        assertThat(failures(response)).as("duplicates are acknowledged, not retried").isEmpty();
        assertThat(seatsBooked()).as("2 once, plus the new booking's 3").isEqualTo(5);

        assertThat(failures(invoke(created, "booking-created-event/duplicate.json"))).isEmpty();
        assertThat(seatsBooked()).isEqualTo(5);
    }

    @Test
    void aCancelledBookingGivesItsSeatsBack() throws SQLException {
        assertThat(failures(invoke(created, "booking-created-event/normal.json"))).isEmpty();
        assertThat(seatsBooked()).isEqualTo(2);

        assertThat(failures(invoke(cancelled, "booking-cancelled-event/normal.json"))).isEmpty();
        assertThat(seatsBooked()).isZero();
    }

    @Test
    void anExpiredHoldGivesItsSeatsBack() throws SQLException {
        assertThat(failures(invoke(created, "booking-created-event/duplicate.json"))).isEmpty();
        assertThat(seatsBooked()).isEqualTo(5);

        assertThat(failures(invoke(expired, "booking-expired-event/normal.json"))).isEmpty();
        assertThat(seatsBooked()).isEqualTo(3);
    }

    @Test
    void duplicateDeliveriesAreAcknowledgedAndReleaseOnce() throws SQLException {
        invoke(created, "booking-created-event/duplicate.json");
        assertThat(failures(invoke(cancelled, "booking-cancelled-event/normal.json"))).isEmpty();
        assertThat(seatsBooked()).isEqualTo(3);

        assertThat(failures(invoke(cancelled, "booking-cancelled-event/duplicate.json")))
                .as("duplicates are acknowledged, not retried").isEmpty();
        assertThat(seatsBooked()).as("booking e501's 2 seats once, then e502's 3").isZero();
        assertThat(failures(invoke(cancelled, "booking-cancelled-event/duplicate.json"))).isEmpty();
        assertThat(seatsBooked()).isZero();

        forgetEarlierDeliveries();
        invoke(created, "booking-created-event/duplicate.json");
        assertThat(failures(invoke(expired, "booking-expired-event/duplicate.json"))).isEmpty();
        assertThat(failures(invoke(expired, "booking-expired-event/duplicate.json"))).isEmpty();
        assertThat(seatsBooked()).isZero();
    }

    @Test
    void aBookingReleasedTwiceForDifferentReasonsGivesItsSeatsBackOnce() throws SQLException {
        invoke(created, "booking-created-event/duplicate.json");
        assertThat(failures(invoke(expired, "booking-expired-event/normal.json"))).isEmpty();
        assertThat(seatsBooked()).isEqualTo(3);

        // the late payment of the expired hold found no seat: booking.cancelled (REFUND_LATE_PAYMENT) after the expiry
        String refundLate = Fixtures.load("booking-cancelled-event/normal.json")
                .replace("USER_REQUEST", "REFUND_LATE_PAYMENT")
                .replace("2031-04-02T09:20:11.482Z", "2031-04-02T09:40:00.000Z");
        assertThat(failures(invoke(cancelled, "booking-cancelled-event", refundLate))).isEmpty();
        assertThat(seatsBooked()).as("e502's 3 seats stay counted").isEqualTo(3);
    }

    @Test
    void aConfirmedBookingKeepsItsSeatsCountedOnce() throws SQLException {
        invoke(created, "booking-created-event/normal.json");
        assertThat(failures(invoke(confirmed, "booking-confirmed-event/normal.json"))).isEmpty();
        assertThat(seatsBooked()).isEqualTo(2);

        assertThat(failures(invoke(confirmed, "booking-confirmed-event/duplicate.json"))).isEmpty();
        assertThat(seatsBooked()).as("e502 confirmed before its booking.created arrived").isEqualTo(5);
        assertThat(failures(invoke(created, "booking-created-event/duplicate.json"))).isEmpty();
        assertThat(seatsBooked()).isEqualTo(5);
    }

    @Test
    void aLatePaymentThatTookTheSeatsAgainCountsThemAgain() throws SQLException {
        invoke(created, "booking-created-event/duplicate.json");
        invoke(expired, "booking-expired-event/normal.json");
        assertThat(seatsBooked()).isEqualTo(3);

        assertThat(failures(invoke(confirmed, "booking-confirmed-event/normal.json"))).isEmpty();
        assertThat(seatsBooked()).isEqualTo(5);
        assertThat(failures(invoke(cancelled, "booking-cancelled-event/normal.json"))).isEmpty();
        assertThat(seatsBooked()).as("a cancellation older than the payment changes nothing").isEqualTo(5);
    }

    @Test
    void aPaymentDeliveredBeforeTheExpiryItOvertookKeepsTheSeats() throws SQLException {
        invoke(created, "booking-created-event/normal.json");
        invoke(confirmed, "booking-confirmed-event/normal.json");

        assertThat(failures(invoke(expired, "booking-expired-event/normal.json"))).isEmpty();
        assertThat(seatsBooked()).isEqualTo(2);
    }

    @Test
    void aReleaseDeliveredBeforeItsBookingCreatedMeansTheSeatsAreNeverCounted() throws SQLException {
        assertThat(failures(invoke(cancelled, "booking-cancelled-event/normal.json"))).isEmpty();
        assertThat(seatsBooked()).isZero();

        assertThat(failures(invoke(created, "booking-created-event/duplicate.json"))).isEmpty();
        assertThat(seatsBooked()).as("only e502: e501 was already cancelled").isEqualTo(3);
    }

    @Test
    void theCountNeverGoesBelowZero() throws SQLException {
        invoke(created, "booking-created-event/normal.json");
        setSeatsBooked(1);

        assertThat(failures(invoke(expired, "booking-expired-event/normal.json"))).isEmpty();
        assertThat(seatsBooked()).isZero();
    }

    @Test
    void poisonMessagesAreReportedAsBatchItemFailuresWhileTheRestIsProcessed() throws SQLException {
        assertThat(failures(invoke(created, "booking-created-event/poison.json")))
                .containsExactlyInAnyOrderElementsOf(poisonIds("0"));
        assertThat(seatsBooked()).isEqualTo(3);

        forgetEarlierDeliveries();
        invoke(created, "booking-created-event/duplicate.json");
        assertThat(failures(invoke(cancelled, "booking-cancelled-event/poison.json")))
                .containsExactlyInAnyOrderElementsOf(poisonIds("c"));
        assertThat(seatsBooked()).as("e502 released, e501 still booked").isEqualTo(2);

        forgetEarlierDeliveries();
        invoke(created, "booking-created-event/duplicate.json");
        assertThat(failures(invoke(expired, "booking-expired-event/poison.json")))
                .containsExactlyInAnyOrderElementsOf(poisonIds("e"));
        assertThat(seatsBooked()).isEqualTo(2);

        forgetEarlierDeliveries();
        assertThat(failures(invoke(confirmed, "booking-confirmed-event/poison.json")))
                .containsExactlyInAnyOrderElementsOf(poisonIds("b"));
        assertThat(seatsBooked()).isEqualTo(3);
    }

    @Test
    void aReleaseEvictsTheCachedEvent() {
        invoke(created, "booking-created-event/normal.json");
        String key = "event:" + EVENT;
        RedisClient client = RedisClient.create(infra.redisUri());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().set(key, "{\"stale\":true}");

            invoke(cancelled, "booking-cancelled-event/normal.json");

            assertThat(redis.sync().exists(key)).isZero();
        } finally {
            client.shutdown();
        }
    }

    private static List<String> poisonIds(String prefix) {
        return POISON_IDS.stream().map(id -> id.formatted(prefix)).toList();
    }

    private static JsonNode invoke(FunctionInvoker invoker, String fixture) {
        return invoke(invoker, fixture.substring(0, fixture.indexOf('/')), Fixtures.load(fixture));
    }

    private static JsonNode invoke(FunctionInvoker invoker, String function, String event) {
        return JSON.readTree(LambdaInvocations.invoke(invoker, function, event));
    }

    private static List<String> failures(JsonNode response) {
        List<String> ids = new ArrayList<>();
        response.get("batchItemFailures").forEach(failure -> ids.add(failure.get("itemIdentifier").asString()));
        return ids;
    }

    private static void setSeatsBooked(int seats) throws SQLException {
        try (Connection connection = infra.dataSource("event").getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE event_seats SET seats_booked = ? WHERE event_id = ?")) {
            update.setInt(1, seats);
            update.setObject(2, EVENT);
            assertThat(update.executeUpdate()).isOne();
        }
    }

    private static int seatsBooked() throws SQLException {
        try (Connection connection = infra.dataSource("event").getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT seats_booked FROM event_seats WHERE event_id = ?")) {
            query.setObject(1, EVENT);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        }
    }
}
