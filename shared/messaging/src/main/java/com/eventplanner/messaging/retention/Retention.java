package com.eventplanner.messaging.retention;

import java.time.Duration;

/**
 * How long rows that only the past needs are kept, and how much one run may delete: {@code batchSize} rows per
 * statement, at most {@code batchesPerRun} statements, so a run that finds a large backlog (a first run, a long
 * outage) stays short and the next runs take the rest.
 *
 * @param age longer than any redelivery can be: queue retention 4 days + DLQ 14 days, rounded up to 21 days
 */
public record Retention(Duration age, int batchSize, int batchesPerRun) {

    public Retention {
        if (age.isNegative() || batchSize < 1 || batchesPerRun < 1) {
            throw new IllegalArgumentException("retention needs a non-negative age and positive batches: " + this);
        }
    }

    public static Retention defaults() {
        return new Retention(Duration.ofDays(21), 1_000, 20);
    }
}
