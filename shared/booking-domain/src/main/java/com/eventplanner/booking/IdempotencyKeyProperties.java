package com.eventplanner.booking;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventplanner.booking.idempotency-keys.*}: how long an {@code Idempotency-Key} of {@code POST /api/bookings}
 * replays its first response, and how {@link IdempotencyKeyPurge} deletes the older ones.
 *
 * @param retention     a key older than this is forgotten: the same key then books afresh (clients retry within
 *                      minutes; 24 h is the usual promise of payment-style APIs)
 * @param batchSize     rows deleted per statement, so one purge never holds many row locks or a long transaction
 * @param batchesPerRun statements per run at most, bounding a run's time; a backlog drains over several runs
 */
@ConfigurationProperties("eventplanner.booking.idempotency-keys")
public record IdempotencyKeyProperties(@DefaultValue("24h") Duration retention,
                                       @DefaultValue("500") int batchSize,
                                       @DefaultValue("20") int batchesPerRun) {

    public IdempotencyKeyProperties {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
        if (batchSize < 1 || batchesPerRun < 1) {
            throw new IllegalArgumentException("batchSize and batchesPerRun must be positive");
        }
    }
}
