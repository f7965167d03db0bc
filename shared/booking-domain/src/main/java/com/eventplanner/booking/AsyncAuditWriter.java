package com.eventplanner.booking;

import com.eventplanner.audit.AuditRecord;
import com.eventplanner.audit.AuditWriter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Hands audit records to one background thread, so a request never waits for the audit store after its booking
 * committed. The correlation id is taken from the caller's MDC before the hand-over. For long-lived processes only:
 * a Lambda environment is frozen between invocations and writes synchronously instead.
 */
final class AsyncAuditWriter implements AuditWriter, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AsyncAuditWriter.class);

    private final AuditWriter delegate;
    private final ExecutorService worker;

    AsyncAuditWriter(AuditWriter delegate, int capacity) {
        this.delegate = delegate;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
                runnable -> {
                    Thread thread = new Thread(runnable, "booking-audit");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public void write(AuditRecord record) {
        AuditRecord withCorrelation = record.correlationId() != null ? record : new AuditRecord(record.timestamp(),
                record.service(), record.action(), record.userId(), record.resourceId(), record.changes(),
                record.ipAddress(), record.userAgent(), MDC.get("correlationId"));
        try {
            worker.execute(() -> delegate.write(withCorrelation));
        } catch (RejectedExecutionException e) {
            // the queue is full (the store is far behind): keep the record by writing it on the caller's thread
            delegate.write(withCorrelation);
        }
    }

    /** Waits briefly for queued records to reach the delegate. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Audit records still queued at shutdown were handed to the delegate's own buffer");
                worker.shutdownNow().forEach(Runnable::run);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
