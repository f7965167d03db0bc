package com.eventplanner.audit;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of {@link MongoAuditWriter}.
 *
 * @param operationTimeout bound of one insert (client-side operation timeout), so a store outage costs the caller
 *                         at most this long once; later records go straight to the buffer while it is non-empty
 * @param bufferBytes      encoded bytes of the records kept in memory while the store is down; a record that does not
 *                         fit is logged (by id) as undelivered
 * @param initialBackoff   first retry delay of the background drainer, doubled on each failure
 * @param maxBackoff       upper bound of the retry delay
 * @param closeTimeout     how long {@link MongoAuditWriter#close()} keeps trying to flush the buffer
 * @param ttl              expiry of audit records through a TTL index on {@code timestamp}; null keeps them forever
 */
public record AuditWriterOptions(Duration operationTimeout, long bufferBytes, Duration initialBackoff,
                                 Duration maxBackoff, Duration closeTimeout, Duration ttl) {

    public AuditWriterOptions {
        Objects.requireNonNull(operationTimeout, "operationTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (bufferBytes < 1) {
            throw new IllegalArgumentException("bufferBytes must be positive: " + bufferBytes);
        }
        if (ttl != null && ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("ttl must be at least one second: " + ttl);
        }
    }

    public static AuditWriterOptions defaults() {
        return new AuditWriterOptions(Duration.ofSeconds(2), 16L * 1024 * 1024, Duration.ofMillis(200),
                Duration.ofSeconds(10), Duration.ofSeconds(5), null);
    }

    public AuditWriterOptions withTtl(Duration ttl) {
        return new AuditWriterOptions(operationTimeout, bufferBytes, initialBackoff, maxBackoff, closeTimeout, ttl);
    }
}
