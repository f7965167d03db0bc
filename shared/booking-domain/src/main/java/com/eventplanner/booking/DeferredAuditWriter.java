package com.eventplanner.booking;

import com.eventplanner.audit.AuditRecord;
import com.eventplanner.audit.AuditWriter;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The application's {@link AuditWriter}, looked up at the first record rather than when the domain is wired: with
 * lazy initialisation (the function jars) a request that audits nothing, such as a hold expiry run with no expired
 * hold, never builds the MongoDB client. Without an AuditWriter bean records are dropped, as with no writer at all.
 */
final class DeferredAuditWriter implements AuditWriter {

    private final ObjectProvider<AuditWriter> writer;

    DeferredAuditWriter(ObjectProvider<AuditWriter> writer) {
        this.writer = writer;
    }

    @Override
    public void write(AuditRecord record) {
        writer.ifAvailable(audit -> audit.write(record));
    }

    @Override
    public void writeAll(List<AuditRecord> records) {
        writer.ifAvailable(audit -> audit.writeAll(records));
    }
}
