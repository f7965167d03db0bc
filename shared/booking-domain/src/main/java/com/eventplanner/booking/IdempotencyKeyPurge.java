package com.eventplanner.booking;

import com.eventplanner.messaging.retention.BatchedPurge;
import com.eventplanner.messaging.retention.Retention;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes {@code idempotency_key} rows older than the retention, which would otherwise grow by one row per booking
 * request forever. Each batch is one autocommitted statement whose rows are picked oldest first through
 * {@code idempotency_key_age} and locked with SKIP LOCKED, so overlapping runs share the work and a run never waits
 * for a request. Runs from the scheduled hold-expiry function, every minute.
 */
public final class IdempotencyKeyPurge {

    private static final String DELETE_BATCH = """
            DELETE FROM idempotency_key WHERE (user_id, idempotency_key) IN (
                SELECT user_id, idempotency_key FROM idempotency_key WHERE created_at < ?
                ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)""";

    private final JdbcTemplate jdbc;
    private final IdempotencyKeyProperties properties;
    private final Clock clock;

    public IdempotencyKeyPurge(DataSource dataSource, IdempotencyKeyProperties properties, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.properties = properties;
        this.clock = clock;
    }

    /** @return how many keys were deleted; what is left beyond {@code batchesPerRun} batches waits for the next run */
    public int purgeExpired() {
        return BatchedPurge.run(jdbc, DELETE_BATCH, clock.instant().minus(properties.retention()),
                new Retention(properties.retention(), properties.batchSize(), properties.batchesPerRun()));
    }
}
