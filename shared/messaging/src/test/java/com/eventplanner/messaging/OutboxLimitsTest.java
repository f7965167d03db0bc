package com.eventplanner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.MessageCodec;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.booking.BookingCreated;
import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.messaging.aws.AwsSettings;
import com.eventplanner.messaging.consumer.InvocationBudget;
import com.eventplanner.messaging.consumer.JdbcProcessedMessages;
import com.eventplanner.messaging.outbox.EmbeddedMetricsOutboxMetrics;
import com.eventplanner.messaging.outbox.Outbox;
import com.eventplanner.messaging.outbox.OutboxRelay;
import com.eventplanner.messaging.outbox.TopicArns;
import com.eventplanner.messaging.retention.Retention;
import com.eventplanner.testsupport.LocalInfrastructureExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What bounds the outbox: drains per transaction and per invocation, SNS call time, rejected messages, table size. */
@ExtendWith(LocalInfrastructureExtension.class)
class OutboxLimitsTest {

    private static LocalInfrastructure infra;
    private static MessagingDatabase db;
    private final MessageCodec codec = new MessageCodec();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void start(LocalInfrastructure localInfrastructure) {
        infra = localInfrastructure;
        db = new MessagingDatabase(infra);
    }

    @BeforeEach
    void clean() {
        db.clear();
        infra.purgeQueues();
        infra.snsServer().setFailing(false);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    // --- item 13: one drain per transaction, drains within the invocation's time, SNS calls bounded

    @Test
    void aTransactionAppendingManyMessagesDrainsOnceAfterItsCommit() {
        AtomicInteger drains = new AtomicInteger();
        Outbox outbox = new Outbox(db.dataSource, codec, drains::incrementAndGet, "booking-service",
                Clock.systemUTC());

        db.transaction.executeWithoutResult(tx -> {
            for (int i = 0; i < 5; i++) {
                outbox.append(Messages.bookingCreated());
            }
            outbox.appendAll(List.of(Messages.bookingCreated(), Messages.bookingCreated()));
        });

        assertThat(drains).hasValue(1);
        assertThat(db.pendingOutboxRows()).isEqualTo(7);
    }

    @Test
    void aDrainAfterCommitStopsWhenTheInvocationHasLittleTimeLeftAndLeavesTheRestToTheSweep() {
        OutboxRelay relay = relay(OutboxRelay.Settings.defaults(), (topic, count) -> { });
        Outbox outbox = new Outbox(db.dataSource, codec, relay::drainQuietly, "booking-function", Clock.systemUTC());

        try (InvocationBudget.Scope scope = InvocationBudget.ofRemaining(Duration.ofMillis(300)).enter()) {
            db.transaction.executeWithoutResult(tx -> outbox.append(Messages.bookingCreated()));
        }
        assertThat(db.pendingOutboxRows()).as("left for the sweep").isEqualTo(1);

        db.transaction.executeWithoutResult(tx -> outbox.append(Messages.bookingCreated()));
        assertThat(db.pendingOutboxRows()).as("outside an invocation, everything due goes").isZero();
    }

    @Test
    void anSnsThatNeverAnswersCostsACallNoMoreThanTheApiCallTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept()); // reads nothing, answers nothing
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Map<String, String> environment = Map.of("AWS_REGION", "us-east-1",
                    "AWS_ENDPOINT_URL_SNS", "http://127.0.0.1:" + silent.getLocalPort());
            // credentials for the default chain, so the call gets as far as the socket
            System.setProperty("aws.accessKeyId", infra.credentials().resolveCredentials().accessKeyId());
            System.setProperty("aws.secretAccessKey", infra.credentials().resolveCredentials().secretAccessKey());
            var sns = AwsSettings.fromEnvironment(environment::get).snsClient();
            closeables.add(sns);

            long start = System.nanoTime();
            assertThatThrownBy(() -> sns.publish(b -> b.topicArn("arn:aws:sns:us-east-1:000000000000:t")
                    .message("m"))).isInstanceOf(ApiCallTimeoutException.class);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).as("bounded by the 1 s API-call timeout, not the SDK's 30 s socket timeout x retries")
                    .isLessThan(Duration.ofSeconds(10));
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    // --- item 14: a message SNS always rejects is parked, counted and listed; the others go on

    @Test
    void aMessageSnsAlwaysRejectsIsParkedAfterItsAttemptsCountedAndListedByIdWhileTheOthersAreSent() {
        Map<String, Integer> parkedByTopic = new ConcurrentHashMap<>();
        OutboxRelay relay = relay(new OutboxRelay.Settings(100, Duration.ofSeconds(1), Duration.ofMillis(1),
                Duration.ofMillis(2), 3, Duration.ofMillis(100)), (topic, count) -> parkedByTopic.merge(topic, count,
                Integer::sum));
        Outbox outbox = new Outbox(db.dataSource, codec, () -> { }, "booking-service", Clock.systemUTC());
        String secret = "attendee-" + UUID.randomUUID() + "@example.com";
        Envelope<BookingCreated> oversized = Envelope.of(new BookingCreated(UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), secret, "x".repeat(300_000), 1, new Money(BigDecimal.TEN, "EUR"), Instant.now()),
                "booking-service", "corr-big", Instant.now());
        UUID empty = UUID.randomUUID();
        db.transaction.executeWithoutResult(tx -> {
            outbox.append(oversized);
            outbox.append(Messages.bookingCreated());
            outbox.append(Messages.bookingCreated());
        });
        // SNS refuses an empty message every time (InvalidParameter, a sender fault)
        db.jdbc.update("INSERT INTO outbox_message (id, topic, type, payload) VALUES (?, 'eventplanner-booking-topic',"
                + " 'booking.created', '')", empty);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger relayLog = (Logger) LoggerFactory.getLogger(OutboxRelay.class);
        relayLog.addAppender(logs);
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
                relay.drain();
                return relay.parked(10).size() == 2;
            });
        } finally {
            relayLog.detachAppender(logs);
        }

        assertThat(db.jdbc.queryForObject("SELECT count(*) FROM outbox_message WHERE sent_at IS NOT NULL",
                Integer.class)).as("the good ones were not held up").isEqualTo(2);
        List<OutboxRelay.Parked> parked = relay.parked(10);
        assertThat(parked).extracting(OutboxRelay.Parked::id).containsExactlyInAnyOrder(oversized.id(), empty);
        assertThat(parked).filteredOn(p -> p.id().equals(empty)).singleElement()
                .satisfies(p -> assertThat(p.attempts()).isEqualTo(3));
        assertThat(parked).filteredOn(p -> p.id().equals(oversized.id())).singleElement()
                .satisfies(p -> assertThat(p.attempts()).as("too large is parked at once").isEqualTo(1));
        assertThat(parkedByTopic).containsEntry("eventplanner-booking-topic", 2);
        assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains("parked"))
                .hasSize(2).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(secret));

        relay.drain();
        assertThat(db.jdbc.queryForObject("SELECT max(attempts) FROM outbox_message WHERE parked_at IS NOT NULL",
                Integer.class)).as("parked rows are no longer tried").isEqualTo(3);
        assertThat(relay.requeue(empty)).isTrue();
        assertThat(relay.parked(10)).extracting(OutboxRelay.Parked::id).containsExactly(oversized.id());
    }

    @Test
    void parkedMessagesAreCountedAsEmbeddedMetricsCloudWatchCanRead() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EmbeddedMetricsOutboxMetrics("booking-functions", new PrintStream(out, true, StandardCharsets.UTF_8),
                Clock.systemUTC()).parked("eventplanner-booking-topic", 2);

        JsonNode line = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8).trim());
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asString()).isEqualTo("EventPlanner/Outbox");
        assertThat(directive.path("Metrics").get(0).path("Name").asString()).isEqualTo("OutboxMessagesParked");
        assertThat(directive.path("Dimensions").get(0).get(0).asString()).isEqualTo("Service");
        assertThat(line.path("Service").asString()).isEqualTo("booking-functions");
        assertThat(line.path("OutboxMessagesParked").asInt()).isEqualTo(2);
        assertThat(line.path("_aws").path("Timestamp").asLong()).isPositive();
    }

    // --- item 15: retention in bounded batches, sent rows only

    @Test
    void sentRowsPastTheRetentionAreDeletedInBoundedBatchesAndNothingUnsentOrParkedIs() {
        OutboxRelay relay = relay(OutboxRelay.Settings.defaults(), (topic, count) -> { });
        for (int i = 0; i < 25; i++) {
            outboxRow("now() - interval '30 days'", "NULL");
        }
        outboxRow("NULL", "NULL");
        outboxRow("NULL", "now() - interval '30 days'");
        outboxRow("now() - interval '1 day'", "NULL");
        Retention retention = new Retention(Duration.ofDays(21), 10, 2);

        assertThat(relay.purgeSent(retention)).as("two batches of ten").isEqualTo(20);
        assertThat(relay.purgeSent(retention)).isEqualTo(5);
        assertThat(relay.purgeSent(retention)).isZero();
        assertThat(db.jdbc.queryForObject("SELECT count(*) FROM outbox_message", Integer.class)).isEqualTo(3);
    }

    @Test
    void processedMarksPastTheRetentionAreForgottenInBoundedBatches() {
        JdbcProcessedMessages marks = new JdbcProcessedMessages(db.dataSource, db.transactionManager);
        for (int i = 0; i < 12; i++) {
            db.jdbc.update("INSERT INTO processed_message (consumer, message_id, processed_at) "
                    + "VALUES ('c', ?, now() - interval '22 days')", UUID.randomUUID());
        }
        marks.runOnce("c", UUID.randomUUID(), () -> { });

        assertThat(marks.purgeOlderThan(new Retention(Duration.ofDays(21), 5, 2))).isEqualTo(10);
        assertThat(marks.purgeOlderThan(new Retention(Duration.ofDays(21), 5, 2))).isEqualTo(2);
        assertThat(db.jdbc.queryForObject("SELECT count(*) FROM processed_message", Integer.class)).isEqualTo(1);
    }

    private void outboxRow(String sentAt, String parkedAt) {
        db.jdbc.update("INSERT INTO outbox_message (id, topic, type, payload, sent_at, parked_at) VALUES (?, "
                + "'eventplanner-booking-topic', 'booking.created', '{}', " + sentAt + ", " + parkedAt + ")",
                UUID.randomUUID());
    }

    private OutboxRelay relay(OutboxRelay.Settings settings, com.eventplanner.messaging.outbox.OutboxMetrics metrics) {
        OutboxRelay relay = new OutboxRelay(db.dataSource, infra::snsClient,
                TopicArns.fromEnvironment(infra.environment()::get), settings, metrics, Clock.systemUTC());
        closeables.add(relay);
        return relay;
    }
}
