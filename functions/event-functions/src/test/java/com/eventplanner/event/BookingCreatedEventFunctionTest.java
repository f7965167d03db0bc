package com.eventplanner.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.testsupport.Fixtures;
import com.eventplanner.testsupport.LambdaInvocations;
import com.eventplanner.testsupport.WithLocalInfrastructure;
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

/** booking-created-event-queue fixtures through the real {@link FunctionInvoker}: normal, duplicate and poison. */
@WithLocalInfrastructure
class BookingCreatedEventFunctionTest {

    private static final UUID EVENT = UUID.fromString(EventApiFunctionTest.FIXTURE_EVENT_ID);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LocalInfrastructure infra;
    private static TestTokens tokens;
    private static FunctionInvoker invoker;

    @BeforeAll
    static void start(LocalInfrastructure infrastructure) {
        infra = infrastructure;
        tokens = new TestTokens();
        invoker = Invokers.start("bookingCreatedEvent", infra, tokens);
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
            statement.executeUpdate("DELETE FROM processed_message");
        }
    }

    @Test
    void aBookingAddsItsSeatsToTheEvent() throws SQLException {
        assertThat(failures(invoke("booking-created-event/normal.json"))).isEmpty();
        assertThat(seatsBooked()).isEqualTo(2);
    }

    @Test
    void aDuplicateDeliveryIsAcknowledgedAndCountedOnce() throws SQLException {
        assertThat(failures(invoke("booking-created-event/normal.json"))).isEmpty();
        JsonNode response = invoke("booking-created-event/duplicate.json");
        assertThat(failures(response)).as("duplicates are acknowledged, not retried").isEmpty();
        assertThat(seatsBooked()).as("2 once, plus the new booking's 3").isEqualTo(5);

        assertThat(failures(invoke("booking-created-event/duplicate.json"))).isEmpty();
        assertThat(seatsBooked()).isEqualTo(5);
    }

    @Test
    void poisonMessagesAreReportedAsBatchItemFailuresWhileTheRestIsProcessed() throws SQLException {
        JsonNode response = invoke("booking-created-event/poison.json");
        assertThat(failures(response)).containsExactlyInAnyOrder(
                "4e1b7c0a-3f2d-4b6a-8c9e-00000000000a", "4e1b7c0a-3f2d-4b6a-8c9e-00000000000b");
        assertThat(seatsBooked()).isEqualTo(3);
    }

    private static JsonNode invoke(String fixture) {
        return JSON.readTree(LambdaInvocations.invoke(invoker, "booking-created-event", Fixtures.load(fixture)));
    }

    private static List<String> failures(JsonNode response) {
        List<String> ids = new ArrayList<>();
        response.get("batchItemFailures").forEach(failure -> ids.add(failure.get("itemIdentifier").asString()));
        return ids;
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
