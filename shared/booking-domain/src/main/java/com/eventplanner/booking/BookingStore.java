package com.eventplanner.booking;

import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.booking.CancellationReason;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** The SQL of database {@code booking}; runs in the caller's Spring transaction. */
final class BookingStore {

    private static final String BOOKING_COLUMNS = """
            b.id, b.event_id, b.user_id, i.organizer_id, b.quantity, b.amount, b.currency, b.status,
            b.hold_expires_at, b.payment_id, b.cancellation_reason, b.created_at, b.updated_at
            FROM booking b JOIN inventory i ON i.event_id = b.event_id""";

    private static final RowMapper<Booking> BOOKING = BookingStore::booking;
    private static final RowMapper<Inventory> INVENTORY = (rs, row) -> new Inventory(
            rs.getObject("event_id", UUID.class), rs.getObject("organizer_id", UUID.class), rs.getString("title"),
            rs.getInt("capacity"), rs.getInt("available"), rs.getInt("seats_sold"),
            new Money(rs.getBigDecimal("price_amount"), rs.getString("price_currency")),
            Inventory.Status.valueOf(rs.getString("status")), instant(rs, "starts_at"));

    private final JdbcTemplate jdbc;

    BookingStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    // --- inventory

    Optional<Inventory> inventory(UUID eventId) {
        return jdbc.query("SELECT * FROM inventory WHERE event_id = ?", INVENTORY, eventId).stream().findFirst();
    }

    /** Locks the event's inventory row: a batch of reservations decides against it, then takes its seats at once. */
    Optional<Inventory> lockInventory(UUID eventId) {
        return jdbc.query("SELECT * FROM inventory WHERE event_id = ? FOR UPDATE", INVENTORY, eventId).stream()
                .findFirst();
    }

    /**
     * Opens the inventory unless a row exists already (a redelivery, or a newer update or cancel came first). False
     * also when another transaction inserted the row meanwhile: the insert waits for it to commit, and the caller's
     * next statement sees that row.
     */
    boolean openInventory(Inventory inventory, Instant changedAt, Instant now) {
        return jdbc.update("""
                INSERT INTO inventory (event_id, organizer_id, title, capacity, available, seats_sold, price_amount,
                                       price_currency, status, starts_at, source_changed_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""",
                inventory.eventId(), inventory.organizerId(), inventory.title(), inventory.capacity(),
                inventory.available(), inventory.price().amount(), inventory.price().currency(),
                inventory.status().name(), inventory.startsAt() == null ? null : ts(inventory.startsAt()),
                ts(changedAt), ts(now)) == 1;
    }

    /** Title, start and price (for new bookings); false when a newer change was applied already. */
    boolean updateDetails(UUID eventId, String title, Instant startsAt, Money price, Instant changedAt, Instant now) {
        return jdbc.update("""
                UPDATE inventory SET title = ?, starts_at = ?, price_amount = ?, price_currency = ?,
                                     source_changed_at = ?, updated_at = ?
                WHERE event_id = ? AND source_changed_at <= ?""",
                title, startsAt == null ? null : ts(startsAt), price.amount(), price.currency(), ts(changedAt),
                ts(now), eventId, ts(changedAt)) == 1;
    }

    /** Moves capacity and available together; refused (false) when it would leave fewer seats than are taken. */
    boolean changeCapacity(UUID eventId, int capacity, Instant now) {
        return jdbc.update("""
                UPDATE inventory SET capacity = ?, available = available + (? - capacity), updated_at = ?
                WHERE event_id = ? AND available + (? - capacity) >= 0""",
                capacity, capacity, ts(now), eventId, capacity) == 1;
    }

    boolean markCancelled(UUID eventId, Instant changedAt, Instant now) {
        return jdbc.update("""
                UPDATE inventory SET status = 'CANCELLED', source_changed_at = GREATEST(source_changed_at, ?),
                                     updated_at = ?
                WHERE event_id = ? AND status = 'OPEN'""", ts(changedAt), ts(now), eventId) == 1;
    }

    /** The one statement that sells seats: atomic, never below zero, only for an open event. */
    boolean takeSeats(UUID eventId, int quantity) {
        return jdbc.update("""
                UPDATE inventory SET available = available - ?
                WHERE event_id = ? AND status = 'OPEN' AND available >= ?""", quantity, eventId, quantity) == 1;
    }

    void releaseSeats(UUID eventId, int quantity, boolean sold) {
        releaseSeats(eventId, quantity, sold ? quantity : 0);
    }

    /** {@code seats} back on sale, {@code sold} of them were sold rather than held. */
    void releaseSeats(UUID eventId, int seats, int sold) {
        jdbc.update("UPDATE inventory SET available = available + ?, seats_sold = seats_sold - ? WHERE event_id = ?",
                seats, sold, eventId);
    }

    void sellHeldSeats(UUID eventId, int quantity) {
        jdbc.update("UPDATE inventory SET seats_sold = seats_sold + ? WHERE event_id = ?", quantity, eventId);
    }

    // --- per-user cap

    /** Adds seats to the user's tally for the event unless that exceeds {@code cap}; atomic under concurrency. */
    boolean addUserSeats(UUID eventId, UUID userId, int quantity, int cap) {
        return quantity <= cap && jdbc.update("""
                INSERT INTO user_event_seats (event_id, user_id, seats) VALUES (?, ?, ?)
                ON CONFLICT (event_id, user_id) DO UPDATE SET seats = user_event_seats.seats + excluded.seats
                WHERE user_event_seats.seats + excluded.seats <= ?""",
                eventId, userId, quantity, cap) == 1;
    }

    /** {@link #addUserSeats} for several requests in one round trip, in order; per request whether it fitted. */
    boolean[] addUserSeats(List<Reservation> reservations, int cap) {
        return succeeded(jdbc.batchUpdate("""
                INSERT INTO user_event_seats (event_id, user_id, seats) VALUES (?, ?, ?)
                ON CONFLICT (event_id, user_id) DO UPDATE SET seats = user_event_seats.seats + excluded.seats
                WHERE user_event_seats.seats + excluded.seats <= ?""", reservations.stream()
                .map(r -> new Object[] {r.eventId(), r.attendee().userId(), r.quantity(), cap}).toList()));
    }

    void removeUserSeats(List<Reservation> reservations) {
        jdbc.batchUpdate("""
                UPDATE user_event_seats SET seats = GREATEST(seats - ?, 0) WHERE event_id = ? AND user_id = ?""",
                reservations.stream().map(r -> new Object[] {r.quantity(), r.eventId(), r.attendee().userId()})
                        .toList());
    }

    /** Each booking's seats off its user's tally, in one round trip. */
    void removeUserSeatsOf(List<Booking> bookings) {
        jdbc.batchUpdate("""
                UPDATE user_event_seats SET seats = GREATEST(seats - ?, 0) WHERE event_id = ? AND user_id = ?""",
                bookings.stream().map(b -> new Object[] {b.quantity(), b.eventId(), b.userId()}).toList());
    }

    void removeUserSeats(UUID eventId, UUID userId, int quantity) {
        jdbc.update("UPDATE user_event_seats SET seats = GREATEST(seats - ?, 0) WHERE event_id = ? AND user_id = ?",
                quantity, eventId, userId);
    }

    // --- bookings

    void insert(List<Booking> bookings) {
        jdbc.batchUpdate("""
                INSERT INTO booking (id, event_id, user_id, quantity, amount, currency, status, hold_expires_at,
                                     created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", bookings.stream().map(booking -> new Object[] {
                booking.id(), booking.eventId(), booking.userId(), booking.quantity(), booking.amount().amount(),
                booking.amount().currency(), booking.status().name(), ts(booking.holdExpiresAt()),
                ts(booking.createdAt()), ts(booking.updatedAt())}).toList());
    }

    void update(Booking booking) {
        update(List.of(booking));
    }

    void update(List<Booking> bookings) {
        jdbc.batchUpdate("""
                UPDATE booking SET status = ?, payment_id = ?, cancellation_reason = ?, updated_at = ? WHERE id = ?""",
                bookings.stream().map(booking -> new Object[] {booking.status().name(), booking.paymentId(),
                        booking.cancellationReason() == null ? null : booking.cancellationReason().name(),
                        ts(booking.updatedAt()), booking.id()}).toList());
    }

    Optional<Booking> find(UUID id) {
        return jdbc.query("SELECT " + BOOKING_COLUMNS + " WHERE b.id = ?", BOOKING, id).stream().findFirst();
    }

    /** Locks the booking row: every state change of one booking goes through this lock, one at a time. */
    Optional<Booking> lock(UUID id) {
        return jdbc.query("SELECT " + BOOKING_COLUMNS + " WHERE b.id = ? FOR UPDATE OF b", BOOKING, id)
                .stream().findFirst();
    }

    /**
     * Up to {@code limit} bookings of the event that hold seats, locked. Rows locked elsewhere are waited for, not
     * skipped, and re-checked once free: only an empty answer means the event has no active booking left (a short
     * one may just have lost a row to a concurrent cancellation).
     */
    List<Booking> lockActiveOfEvent(UUID eventId, int limit) {
        return jdbc.query("SELECT " + BOOKING_COLUMNS + """
                 WHERE b.event_id = ? AND b.status IN ('PENDING_PAYMENT', 'CONFIRMED')
                ORDER BY b.id LIMIT ? FOR UPDATE OF b""", BOOKING, eventId, limit);
    }

    /** Expired holds no other transaction is working on; those locked elsewhere are left for the next sweep. */
    List<Booking> lockExpiredHolds(Instant now, int limit) {
        return jdbc.query("SELECT " + BOOKING_COLUMNS + """
                 WHERE b.status = 'PENDING_PAYMENT' AND b.hold_expires_at <= ?
                ORDER BY b.hold_expires_at LIMIT ? FOR UPDATE OF b SKIP LOCKED""", BOOKING, ts(now), limit);
    }

    // --- idempotency keys (reservations carrying one)

    /**
     * Claims each key in order; false where a committed request holds it already (an in-flight one is waited for,
     * since the insert queues on the primary key until that transaction ends).
     */
    boolean[] claimKeys(List<Reservation> reservations) {
        return succeeded(jdbc.batchUpdate("""
                INSERT INTO idempotency_key (user_id, idempotency_key, request_hash, created_at)
                VALUES (?, ?, ?, now()) ON CONFLICT DO NOTHING""", reservations.stream().map(r -> new Object[] {
                r.attendee().userId(), r.idempotencyKey().key(), r.idempotencyKey().requestHash()}).toList()));
    }

    void storeResponses(List<ReservationOutcome.Reserved> outcomes, List<Reservation> reservations) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Reservation reservation = reservations.get(i);
            ReservationOutcome.Reserved outcome = outcomes.get(i);
            rows.add(new Object[] {outcome.response(), outcome.booking().id(), reservation.attendee().userId(),
                    reservation.idempotencyKey().key()});
        }
        jdbc.batchUpdate("""
                UPDATE idempotency_key SET status_code = 201, response_body = ?, booking_id = ?
                WHERE user_id = ? AND idempotency_key = ?""", rows);
    }

    void releaseKeys(List<Reservation> reservations) {
        jdbc.batchUpdate("DELETE FROM idempotency_key WHERE user_id = ? AND idempotency_key = ?",
                reservations.stream().map(r -> new Object[] {r.attendee().userId(), r.idempotencyKey().key()})
                        .toList());
    }

    Optional<IdempotencyKey.Stored> storedResponse(UUID userId, String key) {
        return jdbc.query("""
                SELECT request_hash, status_code, response_body, booking_id FROM idempotency_key
                WHERE user_id = ? AND idempotency_key = ?""", (rs, row) -> new IdempotencyKey.Stored(
                rs.getString("request_hash"), rs.getInt("status_code"), rs.getString("response_body"),
                rs.getObject("booking_id", UUID.class)), userId, key).stream().findFirst();
    }

    BookingPage page(String column, UUID value, BookingStatus status, int page, int size) {
        String filter = " WHERE b." + column + " = ?" + (status == null ? "" : " AND b.status = ?");
        Object[] args = status == null ? new Object[] {value} : new Object[] {value, status.name()};
        Long total = jdbc.queryForObject("SELECT count(*) FROM booking b" + filter, Long.class, args);
        Object[] pageArgs = status == null
                ? new Object[] {value, size, (long) page * size}
                : new Object[] {value, status.name(), size, (long) page * size};
        List<Booking> items = jdbc.query("SELECT " + BOOKING_COLUMNS + filter
                + " ORDER BY b.created_at DESC, b.id LIMIT ? OFFSET ?", BOOKING, pageArgs);
        return new BookingPage(items, page, size, total == null ? 0 : total);
    }

    private static boolean[] succeeded(int[] counts) {
        boolean[] succeeded = new boolean[counts.length];
        for (int i = 0; i < counts.length; i++) {
            succeeded[i] = counts[i] == 1;
        }
        return succeeded;
    }

    private static Booking booking(ResultSet rs, int row) throws SQLException {
        String reason = rs.getString("cancellation_reason");
        BigDecimal amount = rs.getBigDecimal("amount");
        return new Booking(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
                rs.getObject("user_id", UUID.class), rs.getObject("organizer_id", UUID.class), rs.getInt("quantity"),
                new Money(amount, rs.getString("currency")), BookingStatus.valueOf(rs.getString("status")),
                instant(rs, "hold_expires_at"), rs.getObject("payment_id", UUID.class),
                reason == null ? null : CancellationReason.valueOf(reason), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
