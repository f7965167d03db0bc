package com.eventplanner.messaging.outbox;

import com.eventplanner.messaging.consumer.InvocationBudget;
import com.eventplanner.messaging.retention.BatchedPurge;
import com.eventplanner.messaging.retention.Retention;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * Publishes pending outbox rows to SNS, with the message type as the {@code type} attribute that subscriptions filter
 * on. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several relays (tasks, Lambda sweeps) can run at once
 * without publishing the same row concurrently. A row is marked sent only after SNS accepted it; a crash in between
 * publishes it again later — consumers deduplicate on the envelope id. Failures back off exponentially per row. A
 * message SNS rejects as such (a sender fault: too large, an invalid attribute) is parked after
 * {@code maxAttempts} rejections, at once when it exceeds SNS's size limit: no longer retried, counted
 * ({@link OutboxMetrics}), logged by id and listed by {@link #parked(int)}. An outage or throttling is never a
 * reason to park: those rows wait with their backoff however long it lasts.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int SNS_BATCH_LIMIT = 10;

    private static final String CLAIM = """
            SELECT id, topic, type, payload, attempts FROM outbox_message
            WHERE sent_at IS NULL AND parked_at IS NULL AND next_attempt_at <= ?
            ORDER BY next_attempt_at, created_at
            LIMIT ? FOR UPDATE SKIP LOCKED""";
    private static final String MARK_SENT = "UPDATE outbox_message SET sent_at = ?, last_error = NULL WHERE id = ?";
    private static final String RESCHEDULE = """
            UPDATE outbox_message SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?,
                                      parked_at = CASE WHEN ?::boolean THEN ?::timestamptz END
            WHERE id = ?""";
    private static final String PURGE_BATCH = """
            DELETE FROM outbox_message WHERE id IN (
                SELECT id FROM outbox_message WHERE sent_at < ? ORDER BY sent_at LIMIT ? FOR UPDATE SKIP LOCKED)""";
    private static final String PARKED = """
            SELECT id, topic, type, attempts, last_error, created_at, parked_at FROM outbox_message
            WHERE parked_at IS NOT NULL ORDER BY parked_at LIMIT ?""";
    private static final String REQUEUE = """
            UPDATE outbox_message SET parked_at = NULL, attempts = 0, next_attempt_at = ?
            WHERE id = ? AND parked_at IS NOT NULL""";
    /** SNS refuses a message (body and attributes) over 256 KiB. */
    static final int SNS_MAX_MESSAGE_BYTES = 262_144;

    /**
     * @param maxAttempts rejections of one message by SNS before it is parked
     * @param drainReserve time an invocation must have left for a drain to start another SNS call (see
     *                     {@link InvocationBudget}): at least the SNS client's API-call timeout plus the time to
     *                     commit and answer
     */
    public record Settings(int batchSize, Duration pollInterval, Duration firstRetry, Duration maxRetry,
                           int maxAttempts, Duration drainReserve) {

        public static Settings defaults() {
            return new Settings(100, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(5), 8,
                    Duration.ofMillis(1_200));
        }
    }

    /** A parked message, by id: what an operator needs to find it, not its content. */
    public record Parked(UUID id, String topic, String type, int attempts, String lastError, Instant createdAt,
                         Instant parkedAt) {
    }

    private record Pending(UUID id, String topic, String type, String payload, int attempts) {
    }

    /** Why one message was not accepted; {@code rejected} when SNS refused the message itself. */
    private record Failure(String error, boolean rejected) {
    }

    private final DataSource dataSource;
    private final Supplier<SnsClient> sns;
    private final TopicArns topicArns;
    private final Settings settings;
    private final OutboxMetrics metrics;
    private final Clock clock;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile Thread worker;

    public OutboxRelay(DataSource dataSource, SnsClient sns, TopicArns topicArns, Settings settings, Clock clock) {
        this(dataSource, () -> sns, topicArns, settings, (topic, count) -> { }, clock);
    }

    /** {@code sns} is asked for the client at each publish, so it can build it on the first one. */
    public OutboxRelay(DataSource dataSource, Supplier<SnsClient> sns, TopicArns topicArns, Settings settings,
                       OutboxMetrics metrics, Clock clock) {
        this.dataSource = dataSource;
        this.sns = sns;
        this.topicArns = topicArns;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Publishes everything due now; returns how many messages SNS accepted. Safe to call from many threads. */
    public int drain() {
        return drain(InvocationBudget.unlimited());
    }

    /**
     * Publishes what is due while {@code budget} leaves {@code drainReserve} for another SNS call; what is left
     * stays pending for the next drain or the sweep.
     */
    public int drain(InvocationBudget budget) {
        int published = 0;
        while (budget.hasTimeFor(settings.drainReserve())) {
            BatchResult result = publishOneBatch(budget);
            published += result.published();
            if (result.claimed() < settings.batchSize() || result.cutShort()) {
                return published;
            }
        }
        return published;
    }

    private record BatchResult(int claimed, int published, boolean cutShort) {
    }

    private BatchResult publishOneBatch(InvocationBudget budget) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Pending> pending = claim(connection);
                BatchResult result = publish(connection, pending, budget);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new OutboxException("outbox relay could not reach its database", e);
        }
    }

    private List<Pending> claim(Connection connection) throws SQLException {
        try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setTimestamp(1, Timestamp.from(clock.instant()));
            claim.setInt(2, settings.batchSize());
            List<Pending> pending = new ArrayList<>();
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    pending.add(new Pending(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getInt(5)));
                }
            }
            return pending;
        }
    }

    private BatchResult publish(Connection connection, List<Pending> pending, InvocationBudget budget)
            throws SQLException {
        Map<String, List<Pending>> byTopic = new LinkedHashMap<>();
        pending.forEach(p -> byTopic.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(p));
        int published = 0;
        boolean cutShort = false;
        Map<String, Integer> parked = new LinkedHashMap<>();
        try (PreparedStatement sent = connection.prepareStatement(MARK_SENT);
             PreparedStatement retry = connection.prepareStatement(RESCHEDULE)) {
            Timestamp now = Timestamp.from(clock.instant());
            chunks:
            for (Map.Entry<String, List<Pending>> topic : byTopic.entrySet()) {
                List<Pending> messages = topic.getValue();
                for (int from = 0; from < messages.size(); from += SNS_BATCH_LIMIT) {
                    if (!budget.hasTimeFor(settings.drainReserve())) {
                        cutShort = true; // the rest of the claim stays due, untouched
                        break chunks;
                    }
                    List<Pending> chunk = messages.subList(from, Math.min(from + SNS_BATCH_LIMIT, messages.size()));
                    Map<Integer, Failure> failures = publishChunk(topic.getKey(), chunk);
                    for (int i = 0; i < chunk.size(); i++) {
                        Pending message = chunk.get(i);
                        Failure failure = failures.get(i);
                        if (failure == null) {
                            sent.setTimestamp(1, now);
                            sent.setObject(2, message.id());
                            sent.addBatch();
                            published++;
                            continue;
                        }
                        boolean park = failure.rejected() && (message.attempts() + 1 >= settings.maxAttempts()
                                || payloadBytes(message) > SNS_MAX_MESSAGE_BYTES);
                        retry.setTimestamp(1, Timestamp.from(nextAttempt(message.attempts())));
                        retry.setString(2, failure.error());
                        retry.setBoolean(3, park);
                        retry.setTimestamp(4, now);
                        retry.setObject(5, message.id());
                        retry.addBatch();
                        if (park) {
                            parked.merge(message.topic(), 1, Integer::sum);
                            log.error("Outbox message {} ({}, {}) parked after {} attempts: {}", message.id(),
                                    message.type(), message.topic(), message.attempts() + 1, failure.error());
                        }
                    }
                }
            }
            sent.executeBatch();
            retry.executeBatch();
        }
        parked.forEach(metrics::parked);
        return new BatchResult(pending.size(), published, cutShort);
    }

    /**
     * Returns the failed entries by index. A message too large for SNS is refused here without a call. When SNS
     * refuses the whole call as a client error (one entry can make the batch too long or invalid), each message is
     * sent on its own, so only the culprit fails; an outage or throttling fails the chunk as not rejected.
     */
    private Map<Integer, Failure> publishChunk(String topic, List<Pending> chunk) {
        Map<Integer, Failure> failures = new LinkedHashMap<>();
        List<Integer> sendable = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            if (payloadBytes(chunk.get(i)) > SNS_MAX_MESSAGE_BYTES) {
                failures.put(i, new Failure("message of " + payloadBytes(chunk.get(i)) + " bytes exceeds SNS's "
                        + SNS_MAX_MESSAGE_BYTES, true));
            } else {
                sendable.add(i);
            }
        }
        if (sendable.isEmpty()) {
            return failures;
        }
        try {
            failures.putAll(publishBatch(topic, chunk, sendable));
        } catch (SnsException e) {
            if (!isRejection(e) || sendable.size() == 1) {
                failAll(topic, sendable, e, failures);
            } else {
                for (int index : sendable) {
                    try {
                        failures.putAll(publishBatch(topic, chunk, List.of(index)));
                    } catch (RuntimeException single) {
                        failAll(topic, List.of(index), single, failures);
                    }
                }
            }
        } catch (RuntimeException e) {
            failAll(topic, sendable, e, failures);
        }
        return failures;
    }

    private Map<Integer, Failure> publishBatch(String topic, List<Pending> chunk, List<Integer> indexes) {
        List<PublishBatchRequestEntry> entries = new ArrayList<>(indexes.size());
        for (int index : indexes) {
            Pending message = chunk.get(index);
            entries.add(PublishBatchRequestEntry.builder()
                    .id(String.valueOf(index))
                    .message(message.payload())
                    .messageAttributes(Map.of("type", MessageAttributeValue.builder()
                            .dataType("String").stringValue(message.type()).build()))
                    .build());
        }
        PublishBatchResponse response = sns.get().publishBatch(b -> b.topicArn(topicArns.arnOf(topic))
                .publishBatchRequestEntries(entries));
        Map<Integer, Failure> failures = new LinkedHashMap<>();
        for (BatchResultErrorEntry failed : response.failed()) {
            failures.put(Integer.valueOf(failed.id()), new Failure(failed.code() + ": " + failed.message(),
                    Boolean.TRUE.equals(failed.senderFault())));
        }
        return failures;
    }

    private static void failAll(String topic, List<Integer> indexes, RuntimeException e,
                                Map<Integer, Failure> failures) {
        boolean rejected = e instanceof SnsException sns && isRejection(sns);
        log.warn("publishing {} outbox messages to {} failed{}", indexes.size(), topic,
                rejected ? ", SNS rejected them" : "; they will be retried", e);
        indexes.forEach(i -> failures.put(i, new Failure(String.valueOf(e.getMessage()), rejected)));
    }

    /** A client error other than throttling or authorisation: the request itself is at fault, not SNS. */
    private static boolean isRejection(SnsException e) {
        int status = e.statusCode();
        return status >= 400 && status < 500 && status != 429 && status != 403 && !e.isThrottlingException();
    }

    /** What SNS counts against its limit: the body and the {@code type} attribute's name, type and value. */
    private static int payloadBytes(Pending message) {
        return message.payload().getBytes(StandardCharsets.UTF_8).length
                + message.type().getBytes(StandardCharsets.UTF_8).length + "type".length() + "String".length();
    }

    /** Exponential backoff with jitter, so a recovering SNS is not hit by every row at the same instant. */
    private Instant nextAttempt(int attemptsSoFar) {
        long base = settings.firstRetry().toMillis() << Math.min(attemptsSoFar, 20);
        long capped = Math.min(base, settings.maxRetry().toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return clock.instant().plusMillis(jittered);
    }

    /**
     * For an {@link Outbox} after-commit hook where no background worker runs (Lambda): publish now, within the
     * time the invocation has left ({@link InvocationBudget#current()}), and leave whatever fails or does not fit
     * to the next sweep rather than fail a request whose transaction has already committed.
     */
    public void drainQuietly() {
        try {
            drain(InvocationBudget.current());
        } catch (RuntimeException e) {
            log.warn("publishing after commit failed; the outbox sweep will retry", e);
        }
    }

    /** Deletes sent rows older than the retention, in its bounded batches; unsent and parked rows stay. */
    public int purgeSent(Retention retention) {
        return BatchedPurge.run(new JdbcTemplate(dataSource), PURGE_BATCH, clock.instant().minus(retention.age()),
                retention);
    }

    /** Parked messages, oldest first: for an operator, who fixes the cause and then {@link #requeue}s them. */
    public List<Parked> parked(int limit) {
        return new JdbcTemplate(dataSource).query(PARKED, (rs, row) -> new Parked(rs.getObject("id", UUID.class),
                rs.getString("topic"), rs.getString("type"), rs.getInt("attempts"), rs.getString("last_error"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("parked_at").toInstant()), limit);
    }

    /** Puts a parked message back in line with a fresh count of attempts; false if it is not parked. */
    public boolean requeue(UUID id) {
        return new JdbcTemplate(dataSource).update(REQUEUE, Timestamp.from(clock.instant()), id) == 1;
    }

    /** Asks the background worker to drain now instead of at its next poll. */
    public void signal() {
        wakeUp.release();
    }

    /** Starts a background worker draining on every signal and at least every poll interval. */
    public synchronized void start() {
        if (worker != null) {
            return;
        }
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                drain();
            } catch (RuntimeException e) {
                log.warn("outbox relay pass failed; retrying in {}", settings.pollInterval(), e);
            }
            try {
                wakeUp.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the background worker; pending rows stay in the table for the next relay. */
    @Override
    public synchronized void close() {
        Thread running = worker;
        worker = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
