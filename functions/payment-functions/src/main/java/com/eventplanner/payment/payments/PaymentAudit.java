package com.eventplanner.payment.payments;

import com.eventplanner.audit.AuditRecord;
import com.eventplanner.audit.AuditWriter;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * An audit record for every state change of a payment, attempt or refund, written once its transaction committed
 * (a rolled-back change leaves no record), on the writing thread's correlation id.
 */
final class PaymentAudit {

    private final Supplier<AuditWriter> writer;

    /** The writer (and its MongoDB client) is looked up at the first record: a read never builds it. */
    PaymentAudit(Supplier<AuditWriter> writer) {
        this.writer = writer;
    }

    void afterCommit(String action, UUID userId, UUID paymentId, Map<String, Object> changes) {
        AuditRecord record = AuditRecord.of(action, userId == null ? null : userId.toString(), paymentId.toString(),
                changes);
        AfterCommit.run(() -> writer.get().write(record));
    }
}
