package com.eventplanner.booking;

import com.eventplanner.audit.AuditQueries;
import com.eventplanner.audit.AuditWriterOptions;
import com.eventplanner.audit.MongoAuditWriter;
import com.eventplanner.cache.CacheAside;
import com.eventplanner.cache.RedisConnections;
import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.MessageCodec;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.Payload;
import com.eventplanner.contracts.event.EventCreated;
import com.eventplanner.contracts.event.Venue;
import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.messaging.outbox.Outbox;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/** Real PostgreSQL, Redis and MongoDB-wire servers, started once per test JVM; a clock the tests move forward. */
final class DomainFixture {

    static final String SOURCE = "booking-domain-test";
    private static DomainFixture instance;

    final LocalInfrastructure infra;
    final HikariDataSource dataSource;
    final JdbcTemplate jdbc;
    final MessageCodec codec = new MessageCodec();
    final TestClock clock = new TestClock(Instant.parse("2026-06-01T10:00:00Z"));
    final AuditQueries auditQueries;
    final MongoAuditWriter auditWriter;
    final CacheAside cache;
    final RedisConnections redis;
    final BookingDomain domain;

    private DomainFixture() {
        infra = LocalInfrastructure.start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(infra.jdbcUrl("booking"));
        config.setUsername(infra.username());
        config.setPassword(infra.password());
        config.setMaximumPoolSize(40);
        dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/messaging", "classpath:db/booking")
                .load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        MongoClient mongo = MongoClients.create(MongoClientSettings.builder()
                .uuidRepresentation(UuidRepresentation.STANDARD)
                .applyConnectionString(new com.mongodb.ConnectionString(infra.mongoUri())).build());
        MongoCollection<Document> auditLogs = mongo.getDatabase("audit").getCollection("audit_logs");
        auditWriter = MongoAuditWriter.start(auditLogs, SOURCE, AuditWriterOptions.defaults());
        auditQueries = new AuditQueries(auditLogs);
        redis = RedisConnections.create(infra.redisUri(), Duration.ofSeconds(2), Duration.ofSeconds(2));
        cache = new CacheAside(redis, JsonMapper.builder().build());
        domain = new BookingDomain(dataSource, new DataSourceTransactionManager(dataSource),
                new Outbox(dataSource, codec, () -> { }, "booking-test", clock), cache, auditWriter,
                new BookingSettings(Duration.ofMinutes(15), 10, 50, 250, Duration.ofHours(24), SOURCE), clock);
    }

    static synchronized DomainFixture get() {
        if (instance == null) {
            instance = new DomainFixture();
        }
        return instance;
    }

    UUID openEvent(int capacity, String price) {
        UUID eventId = UUID.randomUUID();
        domain.inventory().eventCreated(envelope(eventCreated(eventId, UUID.randomUUID(), capacity, price)));
        return eventId;
    }

    static EventCreated eventCreated(UUID eventId, UUID organizerId, int capacity, String price) {
        return new EventCreated(eventId, organizerId, "Concert", new Venue("Hall", "Main St 1", "Berlin"),
                Instant.parse("2026-09-01T18:00:00Z"), Instant.parse("2026-09-01T22:00:00Z"), "Europe/Berlin",
                capacity, new Money(new BigDecimal(price), "EUR"));
    }

    <T extends Payload> Envelope<T> envelope(T payload) {
        return Envelope.of(payload, "test", UUID.randomUUID().toString(), clock.instant());
    }

    Inventory inventory(UUID eventId) {
        return domain.bookings().inventory(eventId).orElseThrow();
    }

    static Attendee attendee() {
        UUID id = UUID.randomUUID();
        return new Attendee(id, "user-" + id + "@example.com", "Ada Lovelace");
    }

    /** Messages the outbox holds about one booking or event, oldest first. */
    <T extends Payload> List<Envelope<T>> outbox(String type, UUID aboutId, Class<T> payloadType) {
        return jdbc.queryForList("SELECT payload FROM outbox_message WHERE type = ? AND payload LIKE ? "
                                + "ORDER BY created_at, id", String.class, type, "%" + aboutId + "%")
                .stream().map(json -> codec.decode(json, payloadType)).toList();
    }

    /** Holds = capacity - available - sold must equal the seats of PENDING_PAYMENT bookings. */
    int heldSeats(UUID eventId) {
        Integer held = jdbc.queryForObject("SELECT COALESCE(SUM(quantity), 0) FROM booking WHERE event_id = ? "
                + "AND status = 'PENDING_PAYMENT'", Integer.class, eventId);
        return held == null ? 0 : held;
    }

    int soldSeats(UUID eventId) {
        Integer sold = jdbc.queryForObject("SELECT COALESCE(SUM(quantity), 0) FROM booking WHERE event_id = ? "
                + "AND status = 'CONFIRMED'", Integer.class, eventId);
        return sold == null ? 0 : sold;
    }

    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
