package com.eventplanner.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class MongoAuditWriterTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final AuditWriterOptions FAST = new AuditWriterOptions(Duration.ofMillis(500), 1_000_000,
            Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(500), null);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private MongoServer server;
    private int port;
    private MongoClient client;
    private MongoCollection<Document> collection;

    @BeforeEach
    void startStore() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        port = address.getPort();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                .uuidRepresentation(UuidRepresentation.STANDARD)
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(500, TimeUnit.MILLISECONDS))
                .build());
        collection = client.getDatabase("audit").getCollection("audit_logs");
        logs.start();
        ((Logger) LoggerFactory.getLogger(MongoAuditWriter.class)).addAppender(logs);
    }

    @AfterEach
    void stopStore() throws Exception {
        ((Logger) LoggerFactory.getLogger(MongoAuditWriter.class)).detachAppender(logs);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        client.close();
        server.shutdownNow();
    }

    @Test
    void writtenRecordsAreFoundByEachQueryShapeNewestFirst() {
        MongoAuditWriter writer = writer(FAST);
        writer.write(record(T0, "booking-service", "booking.created", "u1", "b1"));
        writer.write(record(T0.plusSeconds(60), "booking-service", "booking.cancelled", "u1", "b1"));
        writer.write(record(T0.plusSeconds(120), "booking-service", "booking.created", "u2", "b2"));
        writer.write(record(T0.plusSeconds(180), "event-service", "event.updated", "u1", "e1"));
        writer.write(record(T0.plusSeconds(3600), "booking-service", "booking.created", "u1", "b3"));
        AuditQueries queries = new AuditQueries(collection);
        Instant to = T0.plusSeconds(600);

        assertThat(queries.byUser("u1", T0, to, 10)).extracting(AuditRecord::resourceId)
                .containsExactly("e1", "b1", "b1");
        assertThat(queries.byUser("u1", T0, to, 2)).extracting(AuditRecord::action)
                .containsExactly("event.updated", "booking.cancelled");
        assertThat(queries.byServiceAndAction("booking-service", "booking.created", T0, to, 10))
                .extracting(AuditRecord::resourceId).containsExactly("b2", "b1");
        assertThat(queries.byTimeRange(T0.plusSeconds(60), T0.plusSeconds(180), 10))
                .extracting(AuditRecord::timestamp).containsExactly(T0.plusSeconds(120), T0.plusSeconds(60));
    }

    @Test
    void recordRoundTripsWithEveryFieldAndTimestampStoredAsDate() {
        MongoAuditWriter writer = writer(FAST);
        UUID paymentId = UUID.randomUUID();
        AuditRecord written = new AuditRecord(T0.plusNanos(123_456_789), "payment-service", "payment.refunded", "u9",
                "p9", Map.of("amount", 4200, "currency", "EUR", "paymentId", paymentId), "203.0.113.7",
                "curl/8.5", "corr-1");
        writer.write(written);

        Document stored = collection.find().first();
        assertThat(stored.get("timestamp")).isInstanceOf(java.util.Date.class);
        assertThat(stored.get("_id")).isNotNull();
        AuditRecord read = new AuditQueries(collection).byUser("u9", T0, T0.plusSeconds(1), 1).get(0);
        assertThat(read).isEqualTo(new AuditRecord(T0.plusMillis(123), "payment-service", "payment.refunded", "u9",
                "p9", Map.of("amount", 4200, "currency", "EUR", "paymentId", paymentId), "203.0.113.7",
                "curl/8.5", "corr-1"));
    }

    @Test
    void serviceAndCorrelationIdDefaultToWriterServiceAndMdc() {
        MongoAuditWriter writer = writer(FAST);
        MDC.put("correlationId", "corr-from-mdc");
        try {
            writer.write(AuditRecord.of("user.login", "u1", "u1", Map.of()).withClient("198.51.100.1", "ua"));
        } finally {
            MDC.remove("correlationId");
        }
        AuditRecord read = new AuditQueries(collection).byTimeRange(Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(1), 1).get(0);
        assertThat(read.service()).isEqualTo("test-service");
        assertThat(read.correlationId()).isEqualTo("corr-from-mdc");
        assertThat(read.ipAddress()).isEqualTo("198.51.100.1");
    }

    @Test
    void createsTheSeedIndexesAtStart() {
        writer(FAST);

        assertThat(indexKeys()).contains(
                new Document("timestamp", 1),
                new Document("userId", 1).append("timestamp", -1),
                new Document("service", 1).append("action", 1).append("timestamp", -1));
        assertThat(timestampIndex().get("expireAfterSeconds")).isNull();
    }

    @Test
    void ttlIndexOnTimestampWhenConfigured() {
        writer(FAST.withTtl(Duration.ofDays(90)));

        assertThat(((Number) timestampIndex().get("expireAfterSeconds")).longValue())
                .isEqualTo(Duration.ofDays(90).toSeconds());
    }

    @Test
    void indexesAreCreatedOnceTheStoreIsReachableWhenItWasDownAtStart() {
        server.shutdownNow();
        writer(FAST);

        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", port);
        // generous: the drainer backs off between attempts, and the build machine may be busy
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(indexKeys()).contains(new Document("userId", 1).append("timestamp", -1)));
    }

    @Test
    void storeDownKeepsRecordsAndDeliversThemWhenItIsBack() {
        MongoAuditWriter writer = writer(FAST);
        writer.write(record(T0, "auth-service", "user.login", "u1", "s1"));
        server.shutdownNow();

        writer.write(record(T0.plusSeconds(1), "auth-service", "user.logout", "u1", "s1"));
        long start = System.nanoTime();
        writer.write(record(T0.plusSeconds(2), "auth-service", "user.login", "u1", "s2"));
        long secondWriteMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(writer.stats().pending()).isEqualTo(2);
        assertThat(logs.list).filteredOn(e -> e.getMarkerList() != null
                        && e.getMarkerList().contains(MongoAuditWriter.BUFFERED))
                .extracting(e -> Document.parse(e.getFormattedMessage()).get("record", Document.class)
                        .getString("action"))
                .as("a trace in the logs in case the process dies before the buffer drains")
                .containsExactly("user.logout", "user.login");
        assertThat(secondWriteMillis).as("records queue behind a pending one without a store round trip")
                .isLessThan(FAST.operationTimeout().toMillis());

        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", port);

        await().atMost(Duration.ofSeconds(10)).until(() -> writer.stats().pending() == 0);
        assertThat(new AuditQueries(collection).byUser("u1", T0, T0.plusSeconds(10), 10))
                .extracting(AuditRecord::action).containsExactly("user.login", "user.logout");
        assertThat(writer.stats().deliveredLate()).isEqualTo(2);
        assertThat(writer.stats().undelivered()).isZero();
        assertThat(undeliveredLines()).isEmpty();
    }

    @Test
    void theBufferIsBoundedByBytesAndAnOverflowIsLoggedByIdsOnly() {
        MongoAuditWriter writer = writer(new AuditWriterOptions(Duration.ofMillis(300), 2_000, Duration.ofMillis(50),
                Duration.ofMillis(200), Duration.ofMillis(300), null));
        server.shutdownNow();

        AuditRecord large = new AuditRecord(T0, "auth-service", "user.registered", "u1", "big",
                Map.of("email", "ada@example.com", "note", "x".repeat(3_000)), "203.0.113.9", "junit", "corr-big");
        writer.write(large);
        for (int i = 0; i < 3; i++) {
            writer.write(record(T0.plusSeconds(i), "booking-service", "booking.created", "u1", "b" + i));
        }

        AuditStats stats = writer.stats();
        assertThat(stats.pending()).as("three small records fit where one large one did not").isEqualTo(3);
        assertThat(stats.pendingBytes()).isBetween(1L, 2_000L);
        assertThat(stats.undelivered()).isEqualTo(1);
        List<ILoggingEvent> lines = undeliveredLines();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).getLevel()).isEqualTo(Level.ERROR);
        String message = lines.get(0).getFormattedMessage();
        assertThat(message).doesNotContain("\n").doesNotContain("ada@example.com").doesNotContain("203.0.113.9")
                .doesNotContain("u1");
        Document line = Document.parse(message);
        assertThat(line.getString("event")).isEqualTo("audit.undelivered");
        assertThat(line.getString("reason")).isEqualTo("buffer-full");
        Document logged = line.get("record", Document.class);
        assertThat(logged.keySet()).containsExactly("_id", "service", "action", "resourceId", "correlationId");
        assertThat(logged.getString("resourceId")).isEqualTo("big");
        assertThat(logs.list).filteredOn(e -> e.getMarkerList() != null
                        && e.getMarkerList().contains(MongoAuditWriter.BUFFERED))
                .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain("10.0.0.1"));
    }

    @Test
    void aRecordTheStoreAlwaysRefusesIsParkedAndTheRecordsBehindItAreStored() {
        collection.createIndex(new Document("resourceId", 1), new com.mongodb.client.model.IndexOptions().unique(true));
        collection.insertOne(new Document("resourceId", "taken"));
        MongoAuditWriter writer = writer(FAST);

        writer.write(new AuditRecord(T0, "auth-service", "user.login", "u1", "taken",
                Map.of("email", "ada@example.com"), "203.0.113.9", "junit", "corr-poison"));
        writer.write(record(T0.plusSeconds(1), "booking-service", "booking.created", "u1", "b1"));
        writer.write(record(T0.plusSeconds(2), "booking-service", "booking.created", "u1", "b2"));

        await().atMost(Duration.ofSeconds(10)).until(() -> writer.stats().pending() == 0);
        assertThat(writer.stats().parked()).isEqualTo(1);
        assertThat(writer.stats().undelivered()).isZero();
        assertThat(collection.countDocuments(new Document("resourceId", new Document("$in", List.of("b1", "b2")))))
                .isEqualTo(2);
        List<ILoggingEvent> parkedLines = logs.list.stream().filter(e -> e.getMarkerList() != null
                && e.getMarkerList().contains(MongoAuditWriter.PARKED)).toList();
        assertThat(parkedLines).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).doesNotContain("ada@example.com").doesNotContain("203.0.113.9");
            assertThat(Document.parse(e.getFormattedMessage()).get("record", Document.class).getString("action"))
                    .isEqualTo("user.login");
        });
    }

    @Test
    void closeFlushesTheBufferWhenTheStoreIsBack() {
        MongoAuditWriter writer = writer(new AuditWriterOptions(Duration.ofMillis(300), 1_000_000, Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(5), null));
        server.shutdownNow();
        writer.write(record(T0, "booking-service", "booking.created", "u1", "b1"));
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", port);

        writer.close();

        assertThat(writer.stats()).isEqualTo(new AuditStats(0, 0, 1, 0, 0));
        assertThat(collection.countDocuments()).isEqualTo(1);
    }

    @Test
    void closeLogsWhatItCannotFlush() {
        MongoAuditWriter writer = writer(new AuditWriterOptions(Duration.ofMillis(300), 1_000_000, Duration.ofMillis(50),
                Duration.ofMillis(100), Duration.ofMillis(500), null));
        server.shutdownNow();
        writer.write(record(T0, "booking-service", "booking.created", "u1", "b1"));
        writer.write(record(T0.plusSeconds(1), "booking-service", "booking.created", "u1", "b2"));

        writer.close();

        assertThat(writer.stats()).isEqualTo(new AuditStats(0, 0, 0, 2, 0));
        assertThat(undeliveredLines()).extracting(e -> Document.parse(e.getFormattedMessage()))
                .extracting(d -> d.getString("reason") + ":" + d.get("record", Document.class).getString("resourceId"))
                .containsExactly("close-timeout:b1", "close-timeout:b2");
    }

    @Test
    void anUnencodableRecordIsParkedAtOnceWithoutFailingTheCallerAndTheNextOneIsStored() {
        MongoAuditWriter writer = writer(FAST);
        AuditRecord bad = AuditRecord.of("x", "u1", "r1", Map.of("thread", new Object()));

        writer.write(bad);
        writer.write(record(T0, "booking-service", "booking.created", "u1", "b1"));

        assertThat(writer.stats()).isEqualTo(new AuditStats(0, 0, 0, 0, 1));
        assertThat(collection.countDocuments()).isEqualTo(1);
    }

    private MongoAuditWriter writer(AuditWriterOptions options) {
        MongoAuditWriter writer = MongoAuditWriter.start(collection, "test-service", options);
        resources.add(writer);
        return writer;
    }

    private static AuditRecord record(Instant at, String service, String action, String userId, String resourceId) {
        return new AuditRecord(at, service, action, userId, resourceId, Map.of("status", action), "10.0.0.1",
                "junit", "corr-" + resourceId);
    }

    private List<Document> indexKeys() {
        List<Document> keys = new ArrayList<>();
        for (Document index : collection.listIndexes()) {
            keys.add(index.get("key", Document.class));
        }
        return keys;
    }

    private Document timestampIndex() {
        for (Document index : collection.listIndexes()) {
            if (index.get("key", Document.class).equals(new Document("timestamp", 1))) {
                return index;
            }
        }
        throw new AssertionError("no timestamp index");
    }

    private List<ILoggingEvent> undeliveredLines() {
        return logs.list.stream()
                .filter(e -> e.getMarkerList() != null && e.getMarkerList().contains(MongoAuditWriter.UNDELIVERED))
                .toList();
    }
}
