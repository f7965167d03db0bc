package com.eventplanner.booking.service;

import com.eventplanner.booking.InventoryProjection;
import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.MessageCodec;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.Payload;
import com.eventplanner.contracts.event.EventCreated;
import com.eventplanner.contracts.event.Venue;
import com.eventplanner.security.Role;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** booking-service on a random port against the real {@link TestStack}; one Spring context for all test classes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"eventplanner.booking.max-seats-per-user-per-event=10", "logging.level.root=WARN",
                // the build machine is shared and busy; a slow Redis answer must not fail a test
                "eventplanner.cache.command-timeout=2s"})
abstract class ServiceTest {

    static final TestStack STACK = TestStack.get();
    static final MessageCodec CODEC = new MessageCodec();

    @LocalServerPort
    int port;
    @Autowired
    InventoryProjection inventoryProjection;
    @Autowired
    DataSource dataSource;

    Api api;
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.register(registry);
    }

    @BeforeEach
    void connect() {
        api = new Api(port);
        jdbc = new JdbcTemplate(dataSource);
    }

    record User(UUID id, String email, String token) {
    }

    static User user(Role... roles) {
        UUID id = UUID.randomUUID();
        String email = "user-" + id.toString().substring(0, 8) + "@example.com";
        return new User(id, email, STACK.token(id, email, roles.length == 0 ? new Role[] {Role.ATTENDEE} : roles));
    }

    /** Opens an event's inventory the way event.created does, for an event a month ahead. */
    UUID openEvent(UUID organizerId, int capacity, String price) {
        return openEvent(organizerId, capacity, price, Instant.now().plus(Duration.ofDays(30)));
    }

    UUID openEvent(UUID organizerId, int capacity, String price, Instant startsAt) {
        UUID eventId = UUID.randomUUID();
        inventoryProjection.eventCreated(envelope(new EventCreated(eventId, organizerId, "Concert",
                new Venue("Hall", "Main St 1", "Berlin"), startsAt, startsAt.plus(Duration.ofHours(4)),
                "Europe/Berlin", capacity, new Money(new BigDecimal(price), "EUR"))));
        return eventId;
    }

    static <T extends Payload> Envelope<T> envelope(T payload) {
        return Envelope.of(payload, "test", UUID.randomUUID().toString(), Instant.now());
    }

    static String body(UUID eventId, int quantity) {
        return "{\"eventId\":\"" + eventId + "\",\"quantity\":" + quantity + "}";
    }

    int available(UUID eventId) {
        return jdbc.queryForObject("SELECT available FROM inventory WHERE event_id = ?", Integer.class, eventId);
    }

    int seats(UUID eventId, String status) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(quantity), 0) FROM booking WHERE event_id = ? AND status = ?",
                Integer.class, eventId, status);
    }

    List<String> outboxTypes(UUID bookingId) {
        return jdbc.queryForList("SELECT type FROM outbox_message WHERE payload LIKE ? ORDER BY created_at",
                String.class, "%" + bookingId + "%");
    }
}
