package com.eventplanner.audit;

/**
 * Counters of {@link MongoAuditWriter}.
 *
 * @param pending       records buffered in memory, waiting for the store
 * @param pendingBytes  their encoded size, which the buffer is bounded by
 * @param deliveredLate records written by the background drainer after a failed first attempt
 * @param undelivered   records given up on (buffer full, writer closed) and logged as {@code audit.undelivered}
 * @param parked        records the store refused as such, given up on and logged as {@code audit.parked}
 */
public record AuditStats(int pending, long pendingBytes, long deliveredLate, long undelivered, long parked) {
}
