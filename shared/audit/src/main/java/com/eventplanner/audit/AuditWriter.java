package com.eventplanner.audit;

import java.util.List;

/** Writes audit records; implementations must not lose a record silently nor fail the caller on a store outage. */
public interface AuditWriter {

    void write(AuditRecord record);

    /** Several records at once; a store that can take them in one round trip should. */
    default void writeAll(List<AuditRecord> records) {
        records.forEach(this::write);
    }
}
