package com.eventplanner.event.seats;

import com.eventplanner.cache.CacheAside;
import com.eventplanner.cache.CacheKeys;
import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.booking.BookingCreated;
import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Adds each booking's seats to its event's count. Runs inside the batch processor's transaction together with the
 * processed-message mark, so a redelivered booking.created is counted once; the cached event is evicted after that
 * transaction commits, so the listing and {@code GET /api/events/{id}} show the new count.
 */
@Component
class SeatProjection {

    private final JdbcClient jdbc;
    private final CacheAside cache;
    private final Clock clock;

    SeatProjection(JdbcClient jdbc, CacheAside cache, Clock clock) {
        this.jdbc = jdbc;
        this.cache = cache;
        this.clock = clock;
    }

    void apply(Envelope<BookingCreated> message) {
        BookingCreated booking = message.data();
        if (booking.quantity() < 1) {
            throw new IllegalArgumentException("booking " + booking.bookingId() + " has quantity " + booking.quantity());
        }
        jdbc.sql("""
                INSERT INTO event_seats (event_id, seats_booked, updated_at) VALUES (:event, :quantity, :now)
                ON CONFLICT (event_id) DO UPDATE
                SET seats_booked = event_seats.seats_booked + EXCLUDED.seats_booked, updated_at = EXCLUDED.updated_at""")
                .param("event", booking.eventId())
                .param("quantity", booking.quantity())
                .param("now", Timestamp.from(clock.instant()))
                .update();
        String key = CacheKeys.EVENT.key(booking.eventId().toString());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                cache.evict(key);
            }
        });
    }
}
