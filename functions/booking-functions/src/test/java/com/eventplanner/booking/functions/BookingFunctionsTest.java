package com.eventplanner.booking.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.eventplanner.localinfra.LocalInfrastructure;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.eventplanner.testsupport.Fixtures;
import com.eventplanner.testsupport.LambdaInvocations;
import com.eventplanner.testsupport.WithLocalInfrastructure;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every booking function through the real {@link FunctionInvoker} with its fixtures: normal, duplicate, poison. */
@WithLocalInfrastructure
class BookingFunctionsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID EVENT_A = UUID.fromString("7d9c2f5e-4b1a-4c3e-9f7a-2b6d8e1c0a11");
    private static final UUID EVENT_B = UUID.fromString("7d9c2f5e-4b1a-4c3e-9f7a-2b6d8e1c0a12");
    private static final UUID EVENT_C = UUID.fromString("7d9c2f5e-4b1a-4c3e-9f7a-2b6d8e1c0a33");
    private static final UUID ORGANIZER = UUID.fromString("9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c61");
    private static final UUID USER = UUID.fromString("5b0e8a7c-1d2f-4e3a-9b8c-7d6e5f4a3b21");
    private static final UUID BOOKING = UUID.fromString("c3a1e2f4-5b6c-4d7e-8f90-a1b2c3d4e501");
    private static final UUID BOOKING_2 = UUID.fromString("c3a1e2f4-5b6c-4d7e-8f90-a1b2c3d4e502");
    private static final UUID BOOKING_3 = UUID.fromString("c3a1e2f4-5b6c-4d7e-8f90-a1b2c3d4e503");
    private static final String FAILURE = "4e1b7c0a-3f2d-4b6a-8c9e-0000000";

    private static LocalInfrastructure infra;
    private static JdbcTemplate jdbc;
    private static final Map<String, FunctionInvoker> INVOKERS = new java.util.HashMap<>();

    @BeforeAll
    static void start(LocalInfrastructure infrastructure) {
        infra = infrastructure;
        for (String bean : List.of("eventCreatedBooking", "eventUpdatedBooking", "eventCancelledBooking",
                "paymentCompletedBooking", "holdExpiry")) {
            INVOKERS.put(bean, Invokers.start(bean, infra));
        }
        jdbc = new JdbcTemplate(infra.dataSource("booking"));
    }

    @BeforeEach
    void emptyDatabase() {
        jdbc.update("DELETE FROM user_event_seats");
        jdbc.update("DELETE FROM booking");
        jdbc.update("DELETE FROM inventory");
        jdbc.update("DELETE FROM processed_message");
        jdbc.update("DELETE FROM outbox_message");
    }

    // --- eventCreatedBooking

    @Test
    void eventCreatedOpensTheInventoryWithCapacityPriceAndOrganizer() {
        assertThat(failures(invoke("eventCreatedBooking", "event-created-booking/normal.json"))).isEmpty();

        Map<String, Object> inventory = inventory(EVENT_A);
        assertThat(inventory).containsEntry("capacity", 100).containsEntry("available", 100)
                .containsEntry("organizer_id", ORGANIZER).containsEntry("status", "OPEN");
        assertThat(inventory.get("price_amount").toString()).isEqualTo("39.90");
    }

    @Test
    void eventCreatedDuplicatesAreAcknowledgedAndAppliedOnce() {
        assertThat(failures(invoke("eventCreatedBooking", "event-created-booking/normal.json"))).isEmpty();
        jdbc.update("UPDATE inventory SET available = available - 3 WHERE event_id = ?", EVENT_A);

        assertThat(failures(invoke("eventCreatedBooking", "event-created-booking/duplicate.json"))).isEmpty();

        assertThat(inventory(EVENT_A)).containsEntry("available", 97);
        assertThat(inventory(EVENT_B)).containsEntry("capacity", 20);
    }

    @Test
    void eventCreatedPoisonIsReportedWhileTheRestIsApplied() {
        assertThat(failures(invoke("eventCreatedBooking", "event-created-booking/poison.json")))
                .containsExactlyInAnyOrder(FAILURE + "c000a", FAILURE + "c000b");
        assertThat(inventory(EVENT_B)).containsEntry("capacity", 20);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inventory", Integer.class)).isEqualTo(1);
    }

    // --- eventUpdatedBooking

    @Test
    void eventUpdatedMovesCapacityAndPrice() {
        invoke("eventCreatedBooking", "event-created-booking/normal.json");

        assertThat(failures(invoke("eventUpdatedBooking", "event-updated-booking/normal.json"))).isEmpty();
        assertThat(failures(invoke("eventUpdatedBooking", "event-updated-booking/duplicate.json"))).isEmpty();

        Map<String, Object> inventory = inventory(EVENT_A);
        assertThat(inventory).containsEntry("capacity", 150).containsEntry("available", 150);
        assertThat(inventory.get("price_amount").toString()).isEqualTo("45.00");
    }

    @Test
    void eventUpdatedPoisonIsReportedAndCapacityNeverDropsBelowTheSeatsTaken() {
        invoke("eventCreatedBooking", "event-created-booking/normal.json");
        jdbc.update("UPDATE inventory SET available = available - 5 WHERE event_id = ?", EVENT_A);

        // the valid record asks for capacity 1 while 5 seats are held: refused, the old capacity stays
        assertThat(failures(invoke("eventUpdatedBooking", "event-updated-booking/poison.json")))
                .containsExactlyInAnyOrder(FAILURE + "d000a", FAILURE + "d000b");

        Map<String, Object> inventory = inventory(EVENT_A);
        assertThat(inventory).containsEntry("capacity", 100).containsEntry("available", 95);
        assertThat(inventory.get("price_amount").toString()).isEqualTo("45.00");
    }

    // --- eventCancelledBooking

    @Test
    void eventCancelledCancelsEveryBookingEachWithItsOwnMessage() {
        openInventory(EVENT_C, 10, 3);
        insertBooking(BOOKING, EVENT_C, 2, "PENDING_PAYMENT", null, OffsetDateTime.now().plusMinutes(10));
        UUID paymentId = UUID.randomUUID();
        insertBooking(BOOKING_2, EVENT_C, 1, "CONFIRMED", paymentId, OffsetDateTime.now().plusMinutes(10));

        assertThat(failures(invoke("eventCancelledBooking", "event-cancelled-booking/normal.json"))).isEmpty();
        assertThat(failures(invoke("eventCancelledBooking", "event-cancelled-booking/duplicate.json"))).isEmpty();

        assertThat(status(BOOKING)).isEqualTo("CANCELLED");
        assertThat(status(BOOKING_2)).isEqualTo("CANCELLED");
        assertThat(inventory(EVENT_C)).containsEntry("status", "CANCELLED").containsEntry("available", 10);
        List<String> cancelled = jdbc.queryForList(
                "SELECT payload FROM outbox_message WHERE type = 'booking.cancelled'", String.class);
        assertThat(cancelled).hasSize(2).allMatch(m -> m.contains("EVENT_CANCELLED"));
        assertThat(cancelled).anyMatch(m -> m.contains(paymentId.toString()) && m.contains("\"refundRequired\":true"));
    }

    @Test
    void eventCancelledPoisonIsReportedWhileTheRestIsApplied() {
        openInventory(EVENT_C, 10, 0);
        assertThat(failures(invoke("eventCancelledBooking", "event-cancelled-booking/poison.json")))
                .containsExactlyInAnyOrder(FAILURE + "e000a", FAILURE + "e000b");
        assertThat(inventory(EVENT_C)).containsEntry("status", "CANCELLED");
    }

    // --- paymentCompletedBooking

    @Test
    void paymentCompletedConfirmsTheBookingOnce() {
        invoke("eventCreatedBooking", "event-created-booking/normal.json");
        holdSeats(BOOKING, 2, "PENDING_PAYMENT", OffsetDateTime.now().plusMinutes(10));

        assertThat(failures(invoke("paymentCompletedBooking", "payment-completed-booking/normal.json"))).isEmpty();

        assertThat(status(BOOKING)).isEqualTo("CONFIRMED");
        assertThat(inventory(EVENT_A)).containsEntry("available", 98).containsEntry("seats_sold", 2);
        assertThat(outboxCount("booking.confirmed")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> infra.snsServer().published().stream()
                .anyMatch(m -> m.message().contains("booking.confirmed") && m.message().contains(BOOKING.toString())));
    }

    @Test
    void paymentCompletedDuplicatesAreAcknowledgedAndALatePaymentRetakesFreeSeats() {
        invoke("eventCreatedBooking", "event-created-booking/normal.json");
        holdSeats(BOOKING, 2, "PENDING_PAYMENT", OffsetDateTime.now().plusMinutes(10));
        // the second booking's hold expired and was released before its payment arrived
        insertBooking(BOOKING_2, EVENT_A, 1, "EXPIRED", null, OffsetDateTime.now().minusMinutes(1));

        assertThat(failures(invoke("paymentCompletedBooking", "payment-completed-booking/duplicate.json"))).isEmpty();

        assertThat(status(BOOKING)).isEqualTo("CONFIRMED");
        assertThat(status(BOOKING_2)).isEqualTo("CONFIRMED");
        assertThat(outboxCount("booking.confirmed")).isEqualTo(2);
        assertThat(inventory(EVENT_A)).containsEntry("available", 97).containsEntry("seats_sold", 3);
    }

    @Test
    void paymentCompletedPoisonAndUnknownBookingsAreReportedWhileTheRestIsApplied() {
        invoke("eventCreatedBooking", "event-created-booking/normal.json");
        jdbc.update("UPDATE inventory SET available = 0 WHERE event_id = ?", EVENT_A);
        insertBooking(BOOKING_2, EVENT_A, 1, "EXPIRED", null, OffsetDateTime.now().minusMinutes(1));

        assertThat(failures(invoke("paymentCompletedBooking", "payment-completed-booking/poison.json")))
                .containsExactlyInAnyOrder(FAILURE + "f000a", FAILURE + "f000b");

        // sold out meanwhile: the late payment is refunded, never a confirmed booking without a seat
        assertThat(status(BOOKING_2)).isEqualTo("CANCELLED");
        assertThat(jdbc.queryForObject("SELECT payload FROM outbox_message WHERE type = 'booking.cancelled'",
                String.class)).contains("REFUND_LATE_PAYMENT").contains("\"refundRequired\":true");
        assertThat(inventory(EVENT_A)).containsEntry("available", 0).containsEntry("seats_sold", 0);
    }

    @Test
    void aPaymentThatIsNotTheBookingsExactPriceOrPayerConfirmsNothingAndCancelsForARefund() {
        invoke("eventCreatedBooking", "event-created-booking/normal.json");
        holdSeats(BOOKING, 2, "PENDING_PAYMENT", OffsetDateTime.now().plusMinutes(10));
        holdSeats(BOOKING_2, 1, "PENDING_PAYMENT", OffsetDateTime.now().plusMinutes(10));
        holdSeats(BOOKING_3, 1, "PENDING_PAYMENT", OffsetDateTime.now().plusMinutes(10));
        assertThat(inventory(EVENT_A)).containsEntry("available", 96);

        // 79.79 EUR for 79.80, 39.90 USD for 39.90 EUR, the right amount paid by another user
        assertThat(failures(invoke("paymentCompletedBooking", "payment-completed-booking/mismatch.json"))).isEmpty();

        for (UUID booking : List.of(BOOKING, BOOKING_2, BOOKING_3)) {
            assertThat(jdbc.queryForMap("SELECT status, cancellation_reason FROM booking WHERE id = ?", booking))
                    .containsEntry("status", "CANCELLED").containsEntry("cancellation_reason", "PAYMENT_MISMATCH");
        }
        assertThat(outboxCount("booking.confirmed")).isZero();
        assertThat(inventory(EVENT_A)).containsEntry("available", 100).containsEntry("seats_sold", 0);
        List<String> cancelled = jdbc.queryForList(
                "SELECT payload FROM outbox_message WHERE type = 'booking.cancelled'", String.class);
        assertThat(cancelled).hasSize(3).allMatch(m -> m.contains("PAYMENT_MISMATCH")
                && m.contains("\"refundRequired\":true"));
        assertThat(cancelled).anyMatch(m -> m.contains("d4b2f3a5-6c7d-4e8f-9a01-b2c3d4e5f611"));
        try (MongoClient mongo = MongoClients.create(infra.mongoUri())) {
            MongoCollection<Document> audit = mongo.getDatabase("audit").getCollection("audit_logs");
            await().atMost(Duration.ofSeconds(10)).until(() -> audit.countDocuments(
                    Filters.and(Filters.eq("action", "booking.payment_mismatch"),
                            Filters.in("resourceId", BOOKING.toString(), BOOKING_2.toString(), BOOKING_3.toString())))
                    == 3);
            assertThat(audit.find(Filters.and(Filters.eq("action", "booking.payment_mismatch"),
                    Filters.eq("resourceId", BOOKING.toString()))).first().get("changes", Document.class)
                    .get("mismatch", Document.class).get("amount", Document.class))
                    .containsEntry("expected", "79.80 EUR").containsEntry("paid", "79.79 EUR");
        }

        // the redelivered batch changes nothing more
        jdbc.update("DELETE FROM processed_message");
        assertThat(failures(invoke("paymentCompletedBooking", "payment-completed-booking/mismatch.json"))).isEmpty();
        assertThat(outboxCount("booking.cancelled")).isEqualTo(3);
    }

    @Test
    void theBookingsPriceWrittenWithAnotherScaleIsTheSamePrice() {
        invoke("eventCreatedBooking", "event-created-booking/normal.json");
        holdSeats(BOOKING, 2, "PENDING_PAYMENT", OffsetDateTime.now().plusMinutes(10));

        // normal.json pays 79.8 for the 79.80 EUR booking: the same 7980 minor units
        assertThat(failures(invoke("paymentCompletedBooking", "payment-completed-booking/normal.json"))).isEmpty();

        assertThat(status(BOOKING)).isEqualTo("CONFIRMED");
    }

    // --- holdExpiry

    @Test
    void holdExpiryReleasesExpiredHoldsAndAnnouncesThem() {
        invoke("eventCreatedBooking", "event-created-booking/normal.json");
        holdSeats(BOOKING, 2, "PENDING_PAYMENT", OffsetDateTime.now().minusSeconds(1));
        holdSeats(BOOKING_2, 1, "PENDING_PAYMENT", OffsetDateTime.now().plusMinutes(5));

        JsonNode result = invoke("holdExpiry", "hold-expiry/scheduled.json");

        assertThat(result.path("released").asInt()).isEqualTo(1);
        assertThat(status(BOOKING)).isEqualTo("EXPIRED");
        assertThat(status(BOOKING_2)).isEqualTo("PENDING_PAYMENT");
        assertThat(inventory(EVENT_A)).containsEntry("available", 99);
        await().atMost(Duration.ofSeconds(10)).until(() -> infra.snsServer().published().stream()
                .anyMatch(m -> m.message().contains("booking.expired") && m.message().contains(BOOKING.toString())));
        assertThat(invoke("holdExpiry", "hold-expiry/scheduled.json").path("released").asInt()).isZero();
    }

    @Test
    void holdExpiryPurgesIdempotencyKeysOlderThanTheirRetention() {
        jdbc.update("DELETE FROM idempotency_key");
        idempotencyKey("two-days-old", OffsetDateTime.now().minusDays(2));
        idempotencyKey("a-day-and-a-minute-old", OffsetDateTime.now().minusDays(1).minusMinutes(1));
        idempotencyKey("an-hour-old", OffsetDateTime.now().minusHours(1));

        JsonNode result = invoke("holdExpiry", "hold-expiry/scheduled.json");

        assertThat(result.path("idempotencyKeysPurged").asInt()).isEqualTo(2);
        assertThat(jdbc.queryForList("SELECT idempotency_key FROM idempotency_key", String.class))
                .containsExactly("an-hour-old");
    }

    @Test
    void holdExpiryForgetsSentOutboxRowsAndProcessedMarksPastTheRetentionButNothingUnsent() {
        UUID oldSent = UUID.randomUUID();
        UUID oldUnsent = UUID.randomUUID();
        UUID recentSent = UUID.randomUUID();
        for (UUID id : List.of(oldSent, oldUnsent, recentSent)) {
            jdbc.update("INSERT INTO outbox_message (id, topic, type, payload, created_at, next_attempt_at, sent_at) "
                    + "VALUES (?, 'eventplanner-booking-topic', 'booking.created', '{}', now() - interval '30 days', "
                    + "now() + interval '1 hour', ?)", id, id.equals(oldSent) ? OffsetDateTime.now().minusDays(22)
                    : id.equals(recentSent) ? OffsetDateTime.now().minusDays(1) : null);
        }
        jdbc.update("INSERT INTO processed_message (consumer, message_id, processed_at) VALUES "
                + "('booking-payment-confirm', ?, now() - interval '22 days'), "
                + "('booking-payment-confirm', ?, now() - interval '1 day')", UUID.randomUUID(), UUID.randomUUID());

        JsonNode result = invoke("holdExpiry", "hold-expiry/scheduled.json");

        assertThat(result.path("outboxPurged").asInt()).isEqualTo(1);
        assertThat(result.path("processedPurged").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT id FROM outbox_message", UUID.class))
                .containsExactlyInAnyOrder(oldUnsent, recentSent);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM processed_message", Integer.class)).isEqualTo(1);
    }

    private static JsonNode invoke(String bean, String fixture) {
        return JSON.readTree(LambdaInvocations.invoke(INVOKERS.get(bean), bean, Fixtures.load(fixture)));
    }

    private static List<String> failures(JsonNode response) {
        List<String> ids = new ArrayList<>();
        response.get("batchItemFailures").forEach(failure -> ids.add(failure.get("itemIdentifier").asString()));
        return ids;
    }

    private static void idempotencyKey(String key, OffsetDateTime createdAt) {
        jdbc.update("""
                INSERT INTO idempotency_key (user_id, idempotency_key, request_hash, created_at)
                VALUES (?, ?, 'hash', ?)""", USER, key, createdAt);
    }

    private static Map<String, Object> inventory(UUID eventId) {
        return jdbc.queryForMap("SELECT * FROM inventory WHERE event_id = ?", eventId);
    }

    private static String status(UUID bookingId) {
        return jdbc.queryForObject("SELECT status FROM booking WHERE id = ?", String.class, bookingId);
    }

    private static int outboxCount(String type) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_message WHERE type = ?", Integer.class, type);
    }

    private static void openInventory(UUID eventId, int capacity, int taken) {
        jdbc.update("""
                INSERT INTO inventory (event_id, organizer_id, title, capacity, available, seats_sold, price_amount,
                                       price_currency, status, source_changed_at, updated_at)
                VALUES (?, ?, 'Open Air', ?, ?, 0, 20.00, 'EUR', 'OPEN', '2031-04-01T07:00:00Z', now())""",
                eventId, ORGANIZER, capacity, capacity - taken);
    }

    /** A booking whose seats are taken from the inventory, as booking-service leaves it. */
    private static void holdSeats(UUID bookingId, int quantity, String status, OffsetDateTime holdExpiresAt) {
        insertBooking(bookingId, EVENT_A, quantity, status, null, holdExpiresAt);
        jdbc.update("UPDATE inventory SET available = available - ? WHERE event_id = ?", quantity, EVENT_A);
    }

    private static void insertBooking(UUID bookingId, UUID eventId, int quantity, String status, UUID paymentId,
                                      OffsetDateTime holdExpiresAt) {
        jdbc.update("""
                INSERT INTO booking (id, event_id, user_id, quantity, amount, currency, status, hold_expires_at,
                                     payment_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, 39.90 * ?, 'EUR', ?, ?, ?, now(), now())""",
                bookingId, eventId, USER, quantity, quantity, status, holdExpiresAt, paymentId);
        if ("CONFIRMED".equals(status)) {
            jdbc.update("UPDATE inventory SET seats_sold = seats_sold + ? WHERE event_id = ?", quantity, eventId);
        }
    }
}
