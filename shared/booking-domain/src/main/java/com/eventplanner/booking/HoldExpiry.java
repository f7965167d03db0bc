package com.eventplanner.booking;

import com.eventplanner.contracts.booking.BookingExpired;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Releases holds whose time ran out: EXPIRED, seats back on sale, {@code booking.expired}. Batches lock their rows
 * with SKIP LOCKED, so overlapping sweeps share the work and a booking being paid or cancelled right now is left
 * for the next sweep instead of being waited for.
 */
public final class HoldExpiry {

    private final BookingStore store;
    private final Effects effects;
    private final TransactionTemplate transaction;
    private final BookingSettings settings;
    private final Clock clock;

    HoldExpiry(BookingStore store, Effects effects, TransactionTemplate transaction, BookingSettings settings,
               Clock clock) {
        this.store = store;
        this.effects = effects;
        this.transaction = transaction;
        this.settings = settings;
        this.clock = clock;
    }

    /** @return how many holds were released */
    public int releaseExpired() {
        int total = 0;
        int released;
        do {
            Integer batch = transaction.execute(status -> releaseBatch());
            released = batch == null ? 0 : batch;
            total += released;
        } while (released == settings.expiryBatchSize());
        return total;
    }

    private int releaseBatch() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Booking> expired = store.lockExpiredHolds(now, settings.expiryBatchSize());
        for (Booking booking : expired) {
            Booking released = booking.withStatus(BookingStatus.EXPIRED, null, null, now);
            store.update(released);
            store.releaseSeats(booking.eventId(), booking.quantity(), false);
            store.removeUserSeats(booking.eventId(), booking.userId(), booking.quantity());
            effects.publish(new BookingExpired(booking.id(), booking.eventId(), booking.userId(), booking.quantity()));
            effects.bookingChanged(released, "booking.expired", null, Map.of(
                    "status", Map.of("from", booking.status().name(), "to", released.status().name()),
                    "holdExpiresAt", booking.holdExpiresAt().toString()));
        }
        return expired.size();
    }
}
