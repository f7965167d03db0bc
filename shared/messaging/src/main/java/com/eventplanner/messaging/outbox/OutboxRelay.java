package com.eventplanner.messaging.outbox;

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
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/**
 * Publishes pending outbox rows to SNS, with the message type as the {@code type} attribute that subscriptions filter
 * on. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several relays (tasks, Lambda sweeps) can run at once
 * without publishing the same row concurrently. A row is marked sent only after SNS accepted it; a crash in between
 * publishes it again later — consumers deduplicate on the envelope id. Failures back off exponentially per row.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int SNS_BATCH_LIMIT = 10;

    private static final String CLAIM = """
            SELECT id, topic, type, payload, attempts FROM outbox_message
            WHERE sent_at IS NULL AND next_attempt_at <= ?
            ORDER BY next_attempt_at, created_at
            LIMIT ? FOR UPDATE SKIP LOCKED""";
    private static final String MARK_SENT = "UPDATE outbox_message SET sent_at = ?, last_error = NULL WHERE id = ?";
    private static final String RESCHEDULE =
            "UPDATE outbox_message SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?";
    private static final String PURGE = "DELETE FROM outbox_message WHERE sent_at < ?";

    public record Settings(int batchSize, Duration pollInterval, Duration firstRetry, Duration maxRetry) {

        public static Settings defaults() {
            return new Settings(100, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(5));
        }
    }

    private record Pending(UUID id, String topic, String type, String payload, int attempts) {
    }

    private final DataSource dataSource;
    private final Supplier<SnsClient> sns;
    private final TopicArns topicArns;
    private final Settings settings;
    private final Clock clock;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile Thread worker;

    public OutboxRelay(DataSource dataSource, SnsClient sns, TopicArns topicArns, Settings settings, Clock clock) {
        this(dataSource, () -> sns, topicArns, settings, clock);
    }

    /** {@code sns} is asked for the client at each publish, so it can build it on the first one. */
    public OutboxRelay(DataSource dataSource, Supplier<SnsClient> sns, TopicArns topicArns, Settings settings,
                       Clock clock) {
        this.dataSource = dataSource;
        this.sns = sns;
        this.topicArns = topicArns;
        this.settings = settings;
        this.clock = clock;
    }

    /** Publishes everything due now; returns how many messages SNS accepted. Safe to call from many threads. */
    public int drain() {
        int published = 0;
        while (true) {
            BatchResult result = publishOneBatch();
            published += result.published();
            if (result.claimed() < settings.batchSize()) {
                return published;
            }
        }
    }

    private record BatchResult(int claimed, int published) {
    }

    private BatchResult publishOneBatch() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Pending> pending = claim(connection);
                int published = publish(connection, pending);
                connection.commit();
                return new BatchResult(pending.size(), published);
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

    private int publish(Connection connection, List<Pending> pending) throws SQLException {
        Map<String, List<Pending>> byTopic = new LinkedHashMap<>();
        pending.forEach(p -> byTopic.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(p));
        int published = 0;
        try (PreparedStatement sent = connection.prepareStatement(MARK_SENT);
             PreparedStatement retry = connection.prepareStatement(RESCHEDULE)) {
            Timestamp now = Timestamp.from(clock.instant());
            for (Map.Entry<String, List<Pending>> topic : byTopic.entrySet()) {
                List<Pending> messages = topic.getValue();
                for (int from = 0; from < messages.size(); from += SNS_BATCH_LIMIT) {
                    List<Pending> chunk = messages.subList(from, Math.min(from + SNS_BATCH_LIMIT, messages.size()));
                    Map<String, String> failures = publishChunk(topic.getKey(), chunk);
                    for (int i = 0; i < chunk.size(); i++) {
                        Pending message = chunk.get(i);
                        String error = failures.get(String.valueOf(i));
                        if (error == null) {
                            sent.setTimestamp(1, now);
                            sent.setObject(2, message.id());
                            sent.addBatch();
                            published++;
                        } else {
                            retry.setTimestamp(1, Timestamp.from(nextAttempt(message.attempts())));
                            retry.setString(2, error);
                            retry.setObject(3, message.id());
                            retry.addBatch();
                        }
                    }
                }
            }
            sent.executeBatch();
            retry.executeBatch();
        }
        return published;
    }

    /** Returns the failed entries (batch index -> error); an SNS outage fails the whole chunk. */
    private Map<String, String> publishChunk(String topic, List<Pending> chunk) {
        List<PublishBatchRequestEntry> entries = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            Pending message = chunk.get(i);
            entries.add(PublishBatchRequestEntry.builder()
                    .id(String.valueOf(i))
                    .message(message.payload())
                    .messageAttributes(Map.of("type", MessageAttributeValue.builder()
                            .dataType("String").stringValue(message.type()).build()))
                    .build());
        }
        Map<String, String> failures = new LinkedHashMap<>();
        try {
            PublishBatchResponse response = sns.get().publishBatch(b -> b.topicArn(topicArns.arnOf(topic))
                    .publishBatchRequestEntries(entries));
            for (BatchResultErrorEntry failed : response.failed()) {
                failures.put(failed.id(), failed.code() + ": " + failed.message());
            }
        } catch (RuntimeException e) {
            log.warn("publishing {} outbox messages to {} failed; they will be retried", chunk.size(), topic, e);
            for (int i = 0; i < chunk.size(); i++) {
                failures.put(String.valueOf(i), String.valueOf(e.getMessage()));
            }
        }
        return failures;
    }

    /** Exponential backoff with jitter, so a recovering SNS is not hit by every row at the same instant. */
    private Instant nextAttempt(int attemptsSoFar) {
        long base = settings.firstRetry().toMillis() << Math.min(attemptsSoFar, 20);
        long capped = Math.min(base, settings.maxRetry().toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return clock.instant().plusMillis(jittered);
    }

    /**
     * For an {@link Outbox} after-commit hook where no background worker runs (Lambda): publish now, and leave
     * whatever fails to the next sweep rather than fail a request whose transaction has already committed.
     */
    public void drainQuietly() {
        try {
            drain();
        } catch (RuntimeException e) {
            log.warn("publishing after commit failed; the outbox sweep will retry", e);
        }
    }

    /** Deletes sent rows older than {@code age}; unsent rows are never deleted. */
    public int purgeSent(Duration age) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement purge = connection.prepareStatement(PURGE)) {
            purge.setTimestamp(1, Timestamp.from(clock.instant().minus(age)));
            return purge.executeUpdate();
        } catch (SQLException e) {
            throw new OutboxException("could not purge the outbox", e);
        }
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
