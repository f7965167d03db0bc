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

/** The scheduled sweep publishes what an after-commit drain left behind and purges old sent rows. */
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
}
