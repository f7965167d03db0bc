package com.eventplanner.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One audit log entry: the schema of the seed plan section 6.2 plus the correlation id of the request that caused it.
 * The timestamp is kept to the millisecond because it is stored as a BSON date.
 * {@code service} and {@code correlationId} may be left null: {@link MongoAuditWriter} fills them in from its
 * configured service name and the {@code correlationId} MDC entry of the writing thread.
 * Values in {@code changes} must be BSON-encodable (strings, numbers, booleans, {@link Instant}, UUID, lists, maps);
 * dates in {@code changes} come back from {@link AuditQueries} as {@link java.util.Date}, and UUIDs come back as UUIDs
 * only when the {@code MongoClient} is configured with {@code UuidRepresentation.STANDARD} (the auto-configured one is).
 */
public record AuditRecord(Instant timestamp, String service, String action, String userId, String resourceId,
                          Map<String, Object> changes, String ipAddress, String userAgent, String correlationId) {

    public AuditRecord {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(action, "action");
        timestamp = timestamp.truncatedTo(ChronoUnit.MILLIS);
        // LinkedHashMap rather than Map.copyOf: a change may legitimately record a null (a field that was cleared)
        changes = changes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }

    /** A record stamped now; service and correlation id are filled in by the writer. */
    public static AuditRecord of(String action, String userId, String resourceId, Map<String, Object> changes) {
        return new AuditRecord(Instant.now(), null, action, userId, resourceId, changes, null, null, null);
    }

    public AuditRecord withClient(String ipAddress, String userAgent) {
        return new AuditRecord(timestamp, service, action, userId, resourceId, changes, ipAddress, userAgent,
                correlationId);
    }

    AuditRecord withDefaults(String defaultService, String currentCorrelationId) {
        return new AuditRecord(timestamp, service == null ? defaultService : service, action, userId, resourceId,
                changes, ipAddress, userAgent, correlationId == null ? currentCorrelationId : correlationId);
    }
}
