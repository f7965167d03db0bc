package com.eventplanner.audit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.BsonDocument;
import org.bson.BsonSerializationException;
import org.bson.RawBsonDocument;
import org.bson.UuidRepresentation;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Writes audit records to MongoDB / DocumentDB without losing them to a brief outage, and without letting one bad
 * record or a long outage cost more than a bounded amount of memory.
 * <p>
 * A record is inserted on the caller's thread with a short timeout, so in the normal case it is stored when
 * {@link #write} returns (this matters in Lambda, where background threads are frozen between invocations). If the
 * insert fails, or earlier records are still waiting, the record goes to an in-memory buffer bounded by the bytes of
 * its encoded records ({@code bufferBytes}), which a daemon thread drains with exponential backoff; {@link #close()}
 * flushes it. A record the store refuses as such (a write error other than its own duplicate {@code _id}, a document
 * over the BSON size limit, a value no codec encodes) is tried at most {@value #MAX_REJECTIONS} times, then parked:
 * dropped from the buffer, counted and logged, so the records behind it go on. Logs carry ids only — {@code _id},
 * service, action, resource and correlation id — never the user, the client's address or the changes, which can
 * hold emails: WARN {@code audit.buffered} when a record is buffered, ERROR {@code audit.undelivered} (buffer full,
 * closed, close timed out) and ERROR {@code audit.parked}, each one JSON line.
 */
public final class MongoAuditWriter implements AuditWriter, AutoCloseable {

    public static final Marker UNDELIVERED = MarkerFactory.getMarker("audit.undelivered");
    public static final Marker BUFFERED = MarkerFactory.getMarker("audit.buffered");
    public static final Marker PARKED = MarkerFactory.getMarker("audit.parked");
    static final String MDC_CORRELATION_ID = "correlationId";
    /** Refusals of one record by the store before it is parked. */
    static final int MAX_REJECTIONS = 3;
    /** BSON's limit for one document (MongoDB and DocumentDB alike). */
    private static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
    /** close() is the last chance for buffered records, so it retries often rather than backing off. */
    private static final long CLOSE_RETRY_MILLIS = 100;

    private static final Logger log = LoggerFactory.getLogger(MongoAuditWriter.class);

    private final MongoCollection<BsonDocument> collection;
    private final CodecRegistry codecs;
    private final String serviceName;
    private final AuditWriterOptions options;
    private final BlockingDeque<RawBsonDocument> pending = new LinkedBlockingDeque<>();
    private final Object signal = new Object();
    private final AtomicLong deliveredLate = new AtomicLong();
    private final AtomicLong undelivered = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final RateLimitedWarning failureWarning = new RateLimitedWarning(log, 10, TimeUnit.SECONDS);
    private final Thread drainer;
    /** Bytes of the records in {@link #pending}; changed under {@link #signal}. */
    private long pendingBytes;
    /** Refusals of the record at the head of the buffer so far; only the drainer (or close) touches it. */
    private int headRejections;
    private volatile boolean indexesReady;
    private volatile boolean closed;

    private MongoAuditWriter(MongoCollection<?> collection, String serviceName, AuditWriterOptions options) {
        this.codecs = CodecRegistries.withUuidRepresentation(collection.getCodecRegistry(), UuidRepresentation.STANDARD);
        this.collection = collection.withDocumentClass(BsonDocument.class)
                .withCodecRegistry(codecs)
                .withTimeout(options.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
        this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
        this.options = options;
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

    /** Never throws: not because of the store, nor for a record that cannot be stored at all (it is parked). */
    @Override
    public void write(AuditRecord record) {
        RawBsonDocument document = encode(record);
        if (document == null) {
            return;
        }
        // while older records wait, the store is most likely still down: do not make this caller wait for a timeout
        if (pending.isEmpty() && tryInsert(document) != Outcome.FAILED) {
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
        List<RawBsonDocument> documents = records.stream().map(this::encode).filter(Objects::nonNull).toList();
        if (documents.isEmpty() || pending.isEmpty() && tryInsertAll(documents)) {
            return;
        }
        documents.forEach(this::buffer);
    }

    /** The record as it will be stored, or null when it cannot be stored at all and was parked. */
    private RawBsonDocument encode(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        RawBsonDocument document;
        try {
            document = AuditDocuments.encode(record.withDefaults(serviceName, MDC.get(MDC_CORRELATION_ID)), codecs);
        } catch (RuntimeException e) {
            parked.incrementAndGet();
            log.error(PARKED, "{\"event\":\"audit.parked\",\"reason\":\"unencodable\",\"record\":{\"action\":\"{}\","
                    + "\"resourceId\":\"{}\"},\"error\":\"{}\"}", record.action(), record.resourceId(),
                    e.getClass().getSimpleName());
            return null;
        }
        if (size(document) > MAX_DOCUMENT_BYTES) {
            park(document, "too-large");
            return null;
        }
        return document;
    }

    private void buffer(RawBsonDocument document) {
        synchronized (signal) {
            if (closed) {
                logUndelivered(document, "writer-closed");
            } else if (pendingBytes + size(document) > options.bufferBytes()) {
                logUndelivered(document, "buffer-full");
            } else {
                pending.offerLast(document);
                pendingBytes += size(document);
                logBuffered(document);
                if (pending.size() == 1) {
                    signal.notifyAll(); // wake an idle drainer; one that is backing off keeps its pace
                }
            }
        }
    }

    public AuditStats stats() {
        synchronized (signal) {
            return new AuditStats(pending.size(), pendingBytes, deliveredLate.get(), undelivered.get(), parked.get());
        }
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
            keepTrying = deliverHead() != Outcome.FAILED
                    || pause(Math.min(CLOSE_RETRY_MILLIS, TimeUnit.NANOSECONDS.toMillis(remaining)));
        }
        synchronized (signal) {
            RawBsonDocument left;
            while ((left = pending.pollFirst()) != null) {
                pendingBytes -= size(left);
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
            } else if (deliverHead() != Outcome.FAILED) {
                backoff = options.initialBackoff();
            } else {
                running = awaitSignal(backoff);
                Duration doubled = backoff.multipliedBy(2);
                backoff = doubled.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : doubled;
            }
        }
    }

    private enum Outcome { STORED, PARKED, FAILED }

    /**
     * Only the drainer (or close, once the drainer has stopped) removes from the buffer, so peek-then-remove is
     * safe. A head the store keeps refusing is parked after {@value #MAX_REJECTIONS} refusals, so it cannot hold up
     * the records behind it; an outage is waited out, however long.
     */
    private Outcome deliverHead() {
        RawBsonDocument head = pending.peekFirst();
        if (head == null) {
            return Outcome.FAILED;
        }
        Outcome outcome = tryInsert(head);
        if (outcome == Outcome.STORED) {
            deliveredLate.incrementAndGet();
        } else if (outcome == Outcome.FAILED) {
            return Outcome.FAILED;
        }
        synchronized (signal) {
            pending.pollFirst();
            pendingBytes -= size(head);
            headRejections = 0;
        }
        return outcome;
    }

    /** STORED, FAILED (retry later), or PARKED once the store refused this very document often enough. */
    private Outcome tryInsert(RawBsonDocument document) {
        try {
            collection.insertOne(document);
            return Outcome.STORED;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY && e.getError().getMessage().contains("_id_")) {
                return Outcome.STORED; // an earlier attempt reached the store although its reply did not reach us
            }
            return rejected(document, e);
        } catch (BsonSerializationException e) { // BsonMaximumSizeExceededException among them
            return rejected(document, e);
        } catch (RuntimeException e) {
            failureWarning.warn("audit write failed, record buffered for retry", e);
            return Outcome.FAILED;
        }
    }

    private Outcome rejected(RawBsonDocument document, RuntimeException e) {
        boolean isHead = pending.peekFirst() == document;
        int rejections = isHead ? ++headRejections : 1;
        failureWarning.warn("audit store refused a record (" + rejections + " of " + MAX_REJECTIONS + ")", e);
        if (rejections < MAX_REJECTIONS) {
            return Outcome.FAILED;
        }
        park(document, "refused: " + e.getClass().getSimpleName());
        return Outcome.PARKED;
    }

    private boolean tryInsertAll(List<RawBsonDocument> documents) {
        try {
            collection.insertMany(documents, new InsertManyOptions().ordered(false));
            return true;
        } catch (MongoBulkWriteException e) {
            failureWarning.warn("audit batch partly refused, records buffered for retry one by one", e);
            return false;
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

    /** A trace in case the process dies before the buffer drains (a Lambda environment reclaimed, a SIGKILL). */
    private void logBuffered(BsonDocument document) {
        log.warn(BUFFERED, "{\"event\":\"audit.buffered\",\"record\":{}}", AuditDocuments.ids(document));
    }

    private void logUndelivered(BsonDocument document, String reason) {
        undelivered.incrementAndGet();
        log.error(UNDELIVERED, "{\"event\":\"audit.undelivered\",\"reason\":\"{}\",\"record\":{}}",
                reason, AuditDocuments.ids(document));
    }

    private void park(BsonDocument document, String reason) {
        parked.incrementAndGet();
        log.error(PARKED, "{\"event\":\"audit.parked\",\"reason\":\"{}\",\"record\":{}}", reason,
                AuditDocuments.ids(document));
    }

    private static int size(RawBsonDocument document) {
        return document.getByteBuffer().remaining();
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
