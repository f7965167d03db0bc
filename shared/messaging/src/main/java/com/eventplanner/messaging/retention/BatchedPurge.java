package com.eventplanner.messaging.retention;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs a bounded {@code DELETE ... WHERE key IN (SELECT ... WHERE <age> < ? ORDER BY <age> LIMIT ? FOR UPDATE SKIP
 * LOCKED)} until a batch deletes less than a full one or the run's batches are used up. Each batch is one
 * autocommitted statement, oldest rows first through the age index, and SKIP LOCKED lets overlapping runs share the
 * work without waiting for each other or for a writer.
 */
public final class BatchedPurge {

    private BatchedPurge() {
    }

    /** @param deleteBatch the statement, with the cutoff and the batch size as its two parameters */
    public static int run(JdbcTemplate jdbc, String deleteBatch, Instant cutoff, Retention retention) {
        int total = 0;
        for (int batch = 0; batch < retention.batchesPerRun(); batch++) {
            int deleted = jdbc.update(deleteBatch, Timestamp.from(cutoff), retention.batchSize());
            total += deleted;
            if (deleted < retention.batchSize()) {
                break;
            }
        }
        return total;
    }
}
