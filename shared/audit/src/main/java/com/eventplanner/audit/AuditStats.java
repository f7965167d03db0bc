package com.eventplanner.audit;

/**
 * Counters of {@link MongoAuditWriter}.
 *
 * @param pending       records buffered in memory, waiting for the store
 * @param deliveredLate records written by the background drainer after a failed first attempt
 * @param undelivered   records given up on and logged as {@code audit.undelivered} ERROR lines
 */
public record AuditStats(int pending, long deliveredLate, long undelivered) {
}
