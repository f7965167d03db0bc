package com.eventplanner.event.seats;

import com.eventplanner.cache.CacheAside;
import com.eventplanner.cache.CacheKeys;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Seats booked per event: a booking's seats count from its booking.created until its booking.cancelled or
 * booking.expired. Each booking's two flags in {@code event_seat_booking} flip once, so the messages may arrive in any
 * order, and a second release of one booking (an expired hold paid late, then cancelled with REFUND_LATE_PAYMENT)
 * subtracts nothing. Runs inside the batch processor's transaction together with the processed-message mark; the
 * cached event is evicted after that transaction commits, so the listing and {@code GET /api/events/{id}} show the
 * new count.
 */
@Component
class SeatProjection {

    /** One processed-message consumer for the three functions: their envelopes all belong to this projection. */
    static final String CONSUMER = "event-seat-projection";

    private final JdbcClient jdbc;
    private final CacheAside cache;
    private final Clock clock;

    SeatProjection(JdbcClient jdbc, CacheAside cache, Clock clock) {
        this.jdbc = jdbc;
        this.cache = cache;
        this.clock = clock;
    }

    void booked(UUID bookingId, UUID eventId, Integer quantity) {
        checkQuantity(bookingId, quantity);
        // the row comes back only when this call set `created`; `released` then tells whether a release came first
        Optional<Boolean> releasedFirst = jdbc.sql("""
                INSERT INTO event_seat_booking (booking_id, event_id, quantity, created, released, updated_at)
                VALUES (:booking, :event, :quantity, TRUE, FALSE, :now)
                ON CONFLICT (booking_id) DO UPDATE SET created = TRUE, updated_at = EXCLUDED.updated_at
                WHERE NOT event_seat_booking.created
                RETURNING released""")
                .param("booking", bookingId)
                .param("event", eventId)
                .param("quantity", quantity)
                .param("now", now())
                .query(Boolean.class)
                .optional();
        if (releasedFirst.isPresent() && !releasedFirst.get()) {
            jdbc.sql("""
                    INSERT INTO event_seats (event_id, seats_booked, updated_at) VALUES (:event, :quantity, :now)
                    ON CONFLICT (event_id) DO UPDATE
                    SET seats_booked = event_seats.seats_booked + EXCLUDED.seats_booked,
                        updated_at = EXCLUDED.updated_at""")
                    .param("event", eventId)
                    .param("quantity", quantity)
                    .param("now", now())
                    .update();
            evictAfterCommit(eventId);
        }
    }

    void released(UUID bookingId, UUID eventId, Integer quantity) {
        checkQuantity(bookingId, quantity);
        // the row comes back only when this call set `released`; seats were counted if booking.created came first
        Optional<Counted> counted = jdbc.sql("""
                INSERT INTO event_seat_booking (booking_id, event_id, quantity, created, released, updated_at)
                VALUES (:booking, :event, :quantity, FALSE, TRUE, :now)
                ON CONFLICT (booking_id) DO UPDATE SET released = TRUE, updated_at = EXCLUDED.updated_at
                WHERE NOT event_seat_booking.released
                RETURNING created, event_id, quantity""")
                .param("booking", bookingId)
                .param("event", eventId)
                .param("quantity", quantity)
                .param("now", now())
                .query((rs, row) -> new Counted(rs.getBoolean("created"), rs.getObject("event_id", UUID.class),
                        rs.getInt("quantity")))
                .optional();
        if (counted.isPresent() && counted.get().created()) {
            // what booking.created added comes off; GREATEST keeps the CHECK (>= 0) from failing the whole batch
            jdbc.sql("""
                    UPDATE event_seats SET seats_booked = GREATEST(0, seats_booked - :quantity), updated_at = :now
                    WHERE event_id = :event""")
                    .param("event", counted.get().eventId())
                    .param("quantity", counted.get().quantity())
                    .param("now", now())
                    .update();
            evictAfterCommit(counted.get().eventId());
        }
    }

    private record Counted(boolean created, UUID eventId, int quantity) {
    }

    private static void checkQuantity(UUID bookingId, Integer quantity) {
        if (quantity == null || quantity < 1) {
            throw new IllegalArgumentException("booking " + bookingId + " has quantity " + quantity);
        }
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private void evictAfterCommit(UUID eventId) {
        String key = CacheKeys.EVENT.key(eventId.toString());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                cache.evict(key);
            }
        });
    }
}
