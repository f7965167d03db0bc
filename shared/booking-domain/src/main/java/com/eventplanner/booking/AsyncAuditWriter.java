package com.eventplanner.booking;

import com.eventplanner.audit.AuditRecord;
import com.eventplanner.audit.AuditWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Hands audit records to one background thread, so a request never waits for the audit store after its booking
 * committed; the thread lingers up to {@value #LINGER_MILLIS} ms after a record for others to join it and passes them
 * on as one batch ({@link AuditWriter#writeAll}): under load one insert carries many records, not one or two. The
 * correlation id is taken from the caller's MDC before the hand-over. The queue is bounded by the records' size, not
 * their number: beyond {@code maxQueuedBytes} a record is written on the caller's thread. A record the delegate
 * refuses is logged by its action and resource only (its changes can hold emails) and the others go on. For
 * long-lived processes only: a Lambda environment is frozen between invocations and writes synchronously instead.
 */
final class AsyncAuditWriter implements AuditWriter, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AsyncAuditWriter.class);
    private static final int MAX_BATCH = 100;
    private static final long LINGER_MILLIS = 50;

    private final AuditWriter delegate;
    private final BlockingQueue<AuditRecord> queue = new LinkedBlockingQueue<>();
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Thread worker;
    private volatile boolean closed;

    AsyncAuditWriter(AuditWriter delegate, long maxQueuedBytes) {
        this.delegate = delegate;
        this.maxQueuedBytes = maxQueuedBytes;
        this.worker = new Thread(this::drain, "booking-audit");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    @Override
    public void write(AuditRecord record) {
        AuditRecord withCorrelation = record.correlationId() != null ? record : new AuditRecord(record.timestamp(),
                record.service(), record.action(), record.userId(), record.resourceId(), record.changes(),
                record.ipAddress(), record.userAgent(), MDC.get("correlationId"));
        if (!closed) {
            long size = estimatedBytes(withCorrelation);
            if (queuedBytes.addAndGet(size) <= maxQueuedBytes) {
                queue.add(withCorrelation);
                return;
            }
            queuedBytes.addAndGet(-size);
        }
        // closing, or the queue is full (the store is far behind): keep the record by writing it on this thread
        writeOne(withCorrelation);
    }

    /** Roughly what the record holds in memory: its texts and its changes as text, two bytes a character. */
    static long estimatedBytes(AuditRecord record) {
        long characters = 64;
        for (String text : new String[] {record.service(), record.action(), record.userId(), record.resourceId(),
                record.ipAddress(), record.userAgent(), record.correlationId()}) {
            characters += text == null ? 0 : text.length();
        }
        return 2 * (characters + String.valueOf(record.changes()).length());
    }

    private void drain() {
        List<AuditRecord> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                AuditRecord first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                collect(batch);
                batch.forEach(record -> queuedBytes.addAndGet(-estimatedBytes(record)));
                delegate.writeAll(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                writeOneByOne(batch); // one unwritable record must not take the others with it
            } finally {
                batch.clear();
            }
        }
    }

    /** Adds what arrives within the linger, until the batch is full. */
    private void collect(List<AuditRecord> batch) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
        while (batch.size() < MAX_BATCH) {
            queue.drainTo(batch, MAX_BATCH - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= MAX_BATCH || left <= 0) {
                return;
            }
            AuditRecord next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
        }
    }

    private void writeOneByOne(List<AuditRecord> records) {
        records.forEach(this::writeOne);
    }

    private void writeOne(AuditRecord record) {
        try {
            delegate.write(record);
        } catch (RuntimeException e) {
            log.error("Audit record {} of {} could not be written and is dropped: {}", record.action(),
                    record.resourceId(), e.getClass().getSimpleName());
        }
    }

    /** Waits briefly for queued records to reach the delegate, then hands any left over on this thread. */
    @Override
    public void close() {
        closed = true;
        try {
            worker.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<AuditRecord> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            log.warn("{} audit records still queued at shutdown were handed to the delegate's own buffer", left.size());
            try {
                delegate.writeAll(left);
            } catch (RuntimeException e) {
                writeOneByOne(left);
            }
        }
    }
}
