package com.eventplanner.booking.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.eventplanner.contracts.Destinations;
import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.messaging.outbox.OutboxRelay;
import com.eventplanner.messaging.outbox.TopicArns;
import com.eventplanner.testsupport.WithLocalInfrastructure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An event with 5,000 bookings cancelled through the real {@link FunctionInvoker}, each invocation with a context
 * whose remaining time runs down from the template's Timeout, invoked again with whatever the function hands back to
 * its queue (through the local SNS and SQS servers), as the event source mapping would, until nothing is left. The
 * booking database's outbox is also relayed in the background, as booking-service does in AWS and locally: what an
 * invocation's drain leaves behind for lack of time goes out from there.
 */
@WithLocalInfrastructure
class LargeEventCancellationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FUNCTION = "EventCancelledBookingFunction";
    private static final int BOOKINGS = 5_000;

    private static LocalInfrastructure infra;
    private static JdbcTemplate jdbc;
    private static FunctionInvoker invoker;
    private static OutboxRelay bookingServiceRelay;

    @BeforeAll
    static void start(LocalInfrastructure infrastructure) {
        infra = infrastructure;
        invoker = Invokers.start("eventCancelledBooking", infra);
        jdbc = new JdbcTemplate(infra.dataSource("booking"));
        bookingServiceRelay = new OutboxRelay(infra.dataSource("booking"), infra.snsClient(),
                TopicArns.fromEnvironment(infra.environment()::get), OutboxRelay.Settings.defaults(),
                Clock.systemUTC());
        bookingServiceRelay.start();
    }

    @AfterAll
    static void stop() {
        bookingServiceRelay.close();
    }

    @Test
    void fiveThousandBookingsAreCancelledOnceInChunksAcrossInvocationsEachWithinTheTimeout() throws IOException {
        Duration timeout = templateTimeout(FUNCTION);
        UUID eventId = UUID.randomUUID();
        UUID organizerId = UUID.randomUUID();
        OffsetDateTime before = OffsetDateTime.now().minusHours(1);
        jdbc.update("""
                INSERT INTO inventory (event_id, organizer_id, title, capacity, available, seats_sold, price_amount,
                                       price_currency, status, source_changed_at, updated_at)
                VALUES (?, ?, 'Stadium', ?, 0, ?, 20.00, 'EUR', 'OPEN', ?, ?)""",
                eventId, organizerId, BOOKINGS, BOOKINGS / 2, before, before);
        // every second booking paid, the others holding their seats
        jdbc.update("""
                INSERT INTO booking (id, event_id, user_id, quantity, amount, currency, status, hold_expires_at,
                                     payment_id, created_at, updated_at)
                SELECT gen_random_uuid(), ?, gen_random_uuid(), 1, 20.00, 'EUR',
                       CASE WHEN g % 2 = 0 THEN 'CONFIRMED' ELSE 'PENDING_PAYMENT' END, now() + interval '10 minutes',
                       CASE WHEN g % 2 = 0 THEN gen_random_uuid() END, ?, ?
                FROM generate_series(1, ?) g""", eventId, before, before, BOOKINGS);
        String queueUrl = infra.queueUrl(Destinations.EVENT_CANCELLED_BOOKING_QUEUE);
        infra.sqsClient().purgeQueue(b -> b.queueUrl(queueUrl));

        String body = """
                {"id":"%s","type":"event.cancelled","version":1,"source":"event-functions",\
                "occurredAt":"2031-04-01T10:00:00.000Z","correlationId":"stadium-cancel",\
                "data":{"eventId":"%s","organizerId":"%s","title":"Stadium","reason":"Storm"}}"""
                .formatted(UUID.randomUUID(), eventId, organizerId);
        List<Long> millis = new ArrayList<>();
        while (body != null) {
            assertThat(millis).as("invocations so far").hasSizeLessThan(40);
            long start = System.nanoTime();
            JsonNode response = invoke(body, timeout);
            millis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
            assertThat(response.path("batchItemFailures")).isEmpty();
            if (millis.size() == 1) {
                // the first commit closed the inventory: nothing was sold after it, before any booking was touched
                Map<String, Object> inventory = jdbc.queryForMap(
                        "SELECT status, updated_at FROM inventory WHERE event_id = ?", eventId);
                assertThat(inventory).containsEntry("status", "CANCELLED");
                OffsetDateTime closedAt = ((java.sql.Timestamp) inventory.get("updated_at")).toInstant()
                        .atOffset(java.time.ZoneOffset.UTC);
                OffsetDateTime firstCancellation = jdbc.queryForObject("""
                        SELECT min(updated_at) FROM booking WHERE event_id = ? AND status = 'CANCELLED'""",
                        OffsetDateTime.class, eventId);
                assertThat(firstCancellation).isAfter(closedAt);
                assertThat(jdbc.update("""
                        UPDATE inventory SET available = available - 1
                        WHERE event_id = ? AND status = 'OPEN' AND available >= 0""", eventId)).isZero();
            }
            body = continuation(queueUrl);
        }

        assertThat(millis).as("each invocation ended within the template's Timeout of %s", timeout)
                .allSatisfy(ms -> assertThat(ms).isLessThan(timeout.toMillis()));
        assertThat(millis).as("more bookings than one invocation cancels").hasSizeGreaterThan(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM booking WHERE event_id = ? AND status = 'CANCELLED' "
                + "AND cancellation_reason = 'EVENT_CANCELLED'", Integer.class, eventId)).isEqualTo(BOOKINGS);
        assertThat(jdbc.queryForMap("SELECT available, seats_sold FROM inventory WHERE event_id = ?", eventId))
                .containsEntry("available", BOOKINGS).containsEntry("seats_sold", 0);
        // one booking.cancelled per booking, none twice, refunds asked for the paid half only
        List<String> messages = jdbc.queryForList("SELECT payload FROM outbox_message WHERE type = "
                + "'booking.cancelled' AND payload LIKE ?", String.class, "%" + eventId + "%");
        assertThat(messages).hasSize(BOOKINGS);
        assertThat(messages.stream().map(m -> JSON.readTree(m).path("data").path("bookingId").asString()).distinct())
                .hasSize(BOOKINGS);
        assertThat(messages).filteredOn(m -> m.contains("\"refundRequired\":true")).hasSize(BOOKINGS / 2);
    }

    /** What the function handed back to its queue, as the next invocation would receive it; null once there is none. */
    private static String continuation(String queueUrl) {
        List<Message> received = infra.sqsClient().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(3)).messages();
        assertThat(received).as("at most one continuation at a time").hasSizeLessThanOrEqualTo(1);
        received.forEach(m -> infra.sqsClient().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        return received.isEmpty() ? null : received.get(0).body();
    }

    private static JsonNode invoke(String body, Duration timeout) throws IOException {
        ObjectNode record = JSON.createObjectNode()
                .put("messageId", UUID.randomUUID().toString())
                .put("receiptHandle", "handle")
                .put("body", body)
                .put("eventSource", "aws:sqs")
                .put("eventSourceARN", "arn:aws:sqs:elasticmq:000000000000:"
                        + Destinations.EVENT_CANCELLED_BOOKING_QUEUE)
                .put("awsRegion", "elasticmq");
        record.putObject("attributes").put("ApproximateReceiveCount", "1");
        record.putObject("messageAttributes");
        ObjectNode event = JSON.createObjectNode();
        event.putArray("Records").add(record);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), output,
                new DeadlineContext(FUNCTION, timeout));
        return JSON.readTree(output.toString(StandardCharsets.UTF_8));
    }

    /** The function's Timeout in template.yaml, or the Globals one it inherits. */
    private static Duration templateTimeout(String function) throws IOException {
        Path template = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(template.resolve("template.yaml"))) {
            template = template.getParent();
        }
        String yaml = Files.readString(template.resolve("template.yaml"));
        int start = yaml.indexOf("\n  " + function + ":\n");
        Matcher next = Pattern.compile("\n  [A-Za-z#]").matcher(yaml);
        String block = yaml.substring(start, next.find(start + 1) ? next.start() : yaml.length());
        Matcher own = Pattern.compile("\n      Timeout: (\\d+)").matcher(block);
        if (own.find()) {
            return Duration.ofSeconds(Integer.parseInt(own.group(1)));
        }
        Matcher global = Pattern.compile("\nGlobals:\n  Function:\n(?:    .*\n)*?    Timeout: (\\d+)").matcher(yaml);
        assertThat(global.find()).as("Globals.Function.Timeout").isTrue();
        return Duration.ofSeconds(Integer.parseInt(global.group(1)));
    }
}
