package com.eventplanner.audit;

/** Writes audit records; implementations must not lose a record silently nor fail the caller on a store outage. */
public interface AuditWriter {

    void write(AuditRecord record);
}
