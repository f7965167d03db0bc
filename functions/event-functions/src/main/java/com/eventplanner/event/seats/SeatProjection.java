package com.eventplanner.event.seats;

import com.eventplanner.cache.CacheAside;
import com.eventplanner.cache.CacheKeys;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Seats booked per event: a booking's seats count while its latest message (by occurredAt) says they are held
 * (booking.created, booking.confirmed) rather than released (booking.cancelled, booking.expired); see
 * {@code event_seat_booking}. The booking's row is locked while its message is applied, so the four consumers can
 * run concurrently. Runs inside the batch processor's transaction together with the processed-message mark; the
 * cached event is evicted after that transaction commits, so the listing and {@code GET /api/events/{id}} show the
 * new count.
 */
@Component
class SeatProjection {

    /** One processed-message consumer for the four functions: their envelopes all belong to this projection. */
    static final String CONSUMER = "event-seat-projection";

    private final JdbcClient jdbc;
    private final CacheAside cache;
    private final Clock clock;

    SeatProjection(JdbcClient jdbc, CacheAside cache, Clock clock) {
        this.jdbc = jdbc;
        this.cache = cache;
        this.clock = clock;
    }

    void held(UUID bookingId, UUID eventId, Integer quantity, Instant occurredAt) {
        apply(bookingId, eventId, quantity, true, occurredAt);
    }

    void released(UUID bookingId, UUID eventId, Integer quantity, Instant occurredAt) {
        apply(bookingId, eventId, quantity, false, occurredAt);
    }

    private void apply(UUID bookingId, UUID eventId, Integer quantity, boolean held, Instant occurredAt) {
        if (quantity == null || quantity < 1) {
            throw new IllegalArgumentException("booking " + bookingId + " has quantity " + quantity);
        }
        Timestamp now = Timestamp.from(clock.instant());
        // one statement creates the row if missing and locks it either way: nothing (the sweep's purge included)
        // can remove it between a separate insert and select
        Row row = jdbc.sql("""
                INSERT INTO event_seat_booking (booking_id, event_id, quantity, held, as_of, updated_at)
                VALUES (:booking, :event, :quantity, FALSE, '-infinity', :now)
                ON CONFLICT (booking_id) DO UPDATE SET booking_id = EXCLUDED.booking_id
                RETURNING event_id, quantity, held, as_of""")
                .param("booking", bookingId)
                .param("event", eventId)
                .param("quantity", quantity)
                .param("now", now)
                .query((rs, n) -> new Row(rs.getObject("event_id", UUID.class), rs.getInt("quantity"),
                        rs.getBoolean("held"), rs.getTimestamp("as_of").toInstant()))
                .single();
        if (!occurredAt.isAfter(row.asOf())) {
            return;
        }
        jdbc.sql("""
                UPDATE event_seat_booking SET held = :held, as_of = :asOf, updated_at = :now
                WHERE booking_id = :booking""")
                .param("held", held)
                .param("asOf", Timestamp.from(occurredAt))
                .param("now", now)
                .param("booking", bookingId)
                .update();
        if (held != row.held()) {
            count(row.eventId(), held ? row.quantity() : -row.quantity(), now);
        }
    }

    private record Row(UUID eventId, int quantity, boolean held, Instant asOf) {
    }

    /** GREATEST keeps the count's CHECK (>= 0) from failing a whole batch over a count from before the ledger. */
    private void count(UUID eventId, int delta, Timestamp now) {
        jdbc.sql("""
                INSERT INTO event_seats (event_id, seats_booked, updated_at) VALUES (:event, GREATEST(0, :delta), :now)
                ON CONFLICT (event_id) DO UPDATE
                SET seats_booked = GREATEST(0, event_seats.seats_booked + :delta), updated_at = EXCLUDED.updated_at""")
                .param("event", eventId)
                .param("delta", delta)
                .param("now", now)
                .update();
        String key = CacheKeys.EVENT.key(eventId.toString());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                cache.evict(key);
            }
        });
    }
}
