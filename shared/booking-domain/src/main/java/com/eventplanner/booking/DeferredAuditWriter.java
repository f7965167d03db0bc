package com.eventplanner.booking;

import com.eventplanner.audit.AuditRecord;
import com.eventplanner.audit.AuditWriter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The application's {@link AuditWriter}, looked up at the first record rather than when the domain is wired: with
 * lazy initialisation (the function jars) a request that audits nothing, such as a hold expiry run with no expired
 * hold, never builds the MongoDB client. Without an AuditWriter bean records are dropped, as with no writer at all.
 */
final class DeferredAuditWriter implements AuditWriter {

    private static final Logger log = LoggerFactory.getLogger(DeferredAuditWriter.class);

    private final ObjectProvider<AuditWriter> writer;

    DeferredAuditWriter(ObjectProvider<AuditWriter> writer) {
        this.writer = writer;
    }

    @Override
    public void write(AuditRecord record) {
        writeAll(List.of(record));
    }

    /**
     * Never fails the caller, which runs after its change committed: a writer that cannot even be built (the
     * store's secret unreadable) loses the records, logged by action and resource only.
     */
    @Override
    public void writeAll(List<AuditRecord> records) {
        try {
            writer.ifAvailable(audit -> audit.writeAll(records));
        } catch (RuntimeException e) {
            records.forEach(record -> log.error("Audit record {} of {} not written: {}", record.action(),
                    record.resourceId(), e.getClass().getSimpleName()));
        }
    }
}
