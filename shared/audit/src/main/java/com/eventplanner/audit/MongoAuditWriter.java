package com.eventplanner.audit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.BsonDocument;
import org.bson.UuidRepresentation;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Writes audit records to MongoDB / DocumentDB without losing them to a brief outage.
 * <p>
 * A record is inserted on the caller's thread with a short timeout, so in the normal case it is stored when
 * {@link #write} returns (this matters in Lambda, where background threads are frozen between invocations). If the
 * insert fails, or earlier records are still waiting, the record goes to a bounded in-memory buffer that a daemon
 * thread drains with exponential backoff; {@link #close()} flushes it. A record that cannot be kept (buffer full, or
 * still buffered when close gives up) is logged as one ERROR line, marker {@code audit.undelivered}, whose message is
 * the JSON {@code {"event":"audit.undelivered","reason":...,"record":{...}}} — the record in relaxed extended JSON,
 * {@code _id} included, so it can be re-inserted from the logs without creating duplicates. Each record entering the
 * buffer is also logged once at WARN, marker {@code audit.buffered}, in case the process dies before close().
 */
public final class MongoAuditWriter implements AuditWriter, AutoCloseable {

    public static final Marker UNDELIVERED = MarkerFactory.getMarker("audit.undelivered");
    public static final Marker BUFFERED = MarkerFactory.getMarker("audit.buffered");
    static final String MDC_CORRELATION_ID = "correlationId";
    /** close() is the last chance for buffered records, so it retries often rather than backing off. */
    private static final long CLOSE_RETRY_MILLIS = 100;

    private static final Logger log = LoggerFactory.getLogger(MongoAuditWriter.class);

    private final MongoCollection<BsonDocument> collection;
    private final CodecRegistry codecs;
    private final String serviceName;
    private final AuditWriterOptions options;
    private final BlockingDeque<BsonDocument> pending;
    private final Object signal = new Object();
    private final AtomicLong deliveredLate = new AtomicLong();
    private final AtomicLong undelivered = new AtomicLong();
    private final RateLimitedWarning failureWarning = new RateLimitedWarning(log, 10, TimeUnit.SECONDS);
    private final Thread drainer;
    private volatile boolean indexesReady;
    private volatile boolean closed;

    private MongoAuditWriter(MongoCollection<?> collection, String serviceName, AuditWriterOptions options) {
        this.codecs = CodecRegistries.withUuidRepresentation(collection.getCodecRegistry(), UuidRepresentation.STANDARD);
        this.collection = collection.withDocumentClass(BsonDocument.class)
                .withCodecRegistry(codecs)
                .withTimeout(options.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
        this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
        this.options = options;
        this.pending = new LinkedBlockingDeque<>(options.bufferCapacity());
        this.drainer = new Thread(this::drainLoop, "audit-writer-drainer");
        this.drainer.setDaemon(true);
    }

    /**
     * Creates the indexes (retried in the background if the store is down now) and starts the drainer.
     *
     * @param serviceName written into records that do not name their service
     */
    public static MongoAuditWriter start(MongoCollection<?> collection, String serviceName, AuditWriterOptions options) {
        MongoAuditWriter writer = new MongoAuditWriter(collection, serviceName, options);
        writer.indexesReady = writer.tryEnsureIndexes();
        writer.drainer.start();
        return writer;
    }

    /**
     * Never throws because of the store; throws {@link IllegalArgumentException} if {@code changes} holds a value
     * that cannot be encoded as BSON, since no retry could ever store such a record.
     */
    @Override
    public void write(AuditRecord record) {
        BsonDocument document = encode(record);
        // while older records wait, the store is most likely still down: do not make this caller wait for a timeout
        if (pending.isEmpty() && tryInsert(document)) {
            return;
        }
        buffer(document);
    }

    /**
     * As {@link #write} for each record, in one {@code insertMany}. After a failure all of them are buffered: those
     * that did reach the store count as delivered when the retry meets their {@code _id}.
     */
    @Override
    public void writeAll(List<AuditRecord> records) {
        List<BsonDocument> documents = records.stream().map(this::encode).toList();
        if (documents.isEmpty() || pending.isEmpty() && tryInsertAll(documents)) {
            return;
        }
        documents.forEach(this::buffer);
    }

    private BsonDocument encode(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        try {
            return AuditDocuments.encode(record.withDefaults(serviceName, MDC.get(MDC_CORRELATION_ID)), codecs);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("audit record cannot be encoded as BSON: " + e.getMessage(), e);
        }
    }

    private void buffer(BsonDocument document) {
        synchronized (signal) {
            if (closed) {
                logUndelivered(document, "writer-closed");
            } else if (!pending.offerLast(document)) {
                logUndelivered(document, "buffer-full");
            } else {
                logBuffered(document);
                if (pending.size() == 1) {
                    signal.notifyAll(); // wake an idle drainer; one that is backing off keeps its pace
                }
            }
        }
    }

    public AuditStats stats() {
        return new AuditStats(pending.size(), deliveredLate.get(), undelivered.get());
    }

    /** Stops the drainer, tries to flush the buffer for up to the close timeout, logs whatever is left. */
    @Override
    public void close() {
        synchronized (signal) {
            if (closed) {
                return;
            }
            closed = true;
            signal.notifyAll();
        }
        try {
            drainer.join(options.closeTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = System.nanoTime() + options.closeTimeout().toNanos();
        boolean keepTrying = !drainer.isAlive();
        long remaining;
        while (keepTrying && !pending.isEmpty() && (remaining = deadline - System.nanoTime()) > 0) {
            keepTrying = deliverHead()
                    || pause(Math.min(CLOSE_RETRY_MILLIS, TimeUnit.NANOSECONDS.toMillis(remaining)));
        }
        synchronized (signal) {
            BsonDocument left;
            while ((left = pending.pollFirst()) != null) {
                logUndelivered(left, "close-timeout");
            }
        }
    }

    private void drainLoop() {
        Duration backoff = options.initialBackoff();
        boolean running = true;
        while (running && !closed) {
            if (!indexesReady) {
                indexesReady = tryEnsureIndexes();
            }
            if (pending.isEmpty()) {
                running = awaitSignal(indexesReady ? Duration.ofSeconds(1) : backoff);
            } else if (deliverHead()) {
                backoff = options.initialBackoff();
            } else {
                running = awaitSignal(backoff);
                Duration doubled = backoff.multipliedBy(2);
                backoff = doubled.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : doubled;
            }
        }
    }

    /** Only the drainer (or close, once the drainer has stopped) removes from the buffer, so peek-then-remove is safe. */
    private boolean deliverHead() {
        BsonDocument head = pending.peekFirst();
        if (head == null || !tryInsert(head)) {
            return false;
        }
        pending.pollFirst();
        deliveredLate.incrementAndGet();
        return true;
    }

    private boolean tryInsert(BsonDocument document) {
        try {
            collection.insertOne(document);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return true; // an earlier attempt reached the store although its reply did not reach us
            }
            failureWarning.warn("audit write failed, record buffered for retry", e);
            return false;
        } catch (RuntimeException e) {
            failureWarning.warn("audit write failed, record buffered for retry", e);
            return false;
        }
    }

    private boolean tryInsertAll(List<BsonDocument> documents) {
        try {
            collection.insertMany(documents, new InsertManyOptions().ordered(false));
            return true;
        } catch (RuntimeException e) {
            failureWarning.warn("audit write failed, records buffered for retry", e);
            return false;
        }
    }

    private boolean tryEnsureIndexes() {
        try {
            AuditIndexes.ensure(collection, options.ttl());
            return true;
        } catch (MongoCommandException e) {
            // the store answered and refused (e.g. a changed TTL conflicts with the existing index): retrying cannot help
            log.warn("audit indexes not created, fix them by hand (writes continue): {}", e.getMessage());
            return true;
        } catch (RuntimeException e) {
            failureWarning.warn("audit indexes not created yet, will retry", e);
            return false;
        }
    }

    /**
     * The process may die before the buffer drains (a Lambda environment reclaimed, a SIGKILL) without close() running;
     * this line keeps such a record recoverable. Replaying it is idempotent because the {@code _id} is in it.
     */
    private void logBuffered(BsonDocument document) {
        log.warn(BUFFERED, "{\"event\":\"audit.buffered\",\"record\":{}}", AuditDocuments.toJson(document));
    }

    private void logUndelivered(BsonDocument document, String reason) {
        undelivered.incrementAndGet();
        log.error(UNDELIVERED, "{\"event\":\"audit.undelivered\",\"reason\":\"{}\",\"record\":{}}",
                reason, AuditDocuments.toJson(document));
    }

    /** Waits for a new record, close, or the timeout; false if the thread was interrupted. */
    private boolean awaitSignal(Duration timeout) {
        synchronized (signal) {
            if (closed) {
                return true;
            }
            try {
                signal.wait(Math.max(1, timeout.toMillis()));
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
