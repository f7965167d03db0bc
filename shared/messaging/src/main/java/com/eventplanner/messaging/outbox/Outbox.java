package com.eventplanner.messaging.outbox;

import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.MessageCodec;
import com.eventplanner.contracts.Payload;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.MDC;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes messages into {@code outbox_message} inside the caller's database transaction, so a state change and the
 * message announcing it commit or roll back together. Publishing is the {@link OutboxRelay}'s job.
 */
public final class Outbox {

    private static final String CORRELATION_ID = "correlationId";
    private static final String INSERT =
            "INSERT INTO outbox_message (id, topic, type, payload) VALUES (?, ?, ?, ?)";

    private final DataSource dataSource;
    private final MessageCodec codec;
    private final Runnable afterCommit;
    private final String source;
    private final Clock clock;
    /**
     * One instance for every append: a transaction's synchronizations are a set, so however many messages it
     * appends, its commit triggers one drain (which publishes all of them), not one per append.
     */
    private final TransactionSynchronization drainAfterCommit = new TransactionSynchronization() {
        @Override
        public void afterCommit() {
            afterCommit.run();
        }
    };

    /**
     * @param afterCommit run once the caller's transaction has committed (typically {@link OutboxRelay#signal()} or
     *                    {@link OutboxRelay#drainQuietly()}), so messages leave promptly instead of at the next poll.
     * @param source      the envelope {@code source} of messages built by {@link #append(Payload)}: this deployable
     */
    public Outbox(DataSource dataSource, MessageCodec codec, Runnable afterCommit, String source, Clock clock) {
        this.dataSource = dataSource;
        this.codec = codec;
        this.afterCommit = afterCommit;
        this.source = source;
        this.clock = clock;
    }

    /**
     * Wraps {@code data} in a new envelope carrying the correlation id of the work in progress (MDC
     * {@code correlationId}, set from the HTTP request or the consumed message), appends it and returns it.
     */
    public <T extends Payload> Envelope<T> append(T data) {
        String correlationId = MDC.get(CORRELATION_ID);
        Envelope<T> envelope = Envelope.of(data, source,
                correlationId == null ? UUID.randomUUID().toString() : correlationId, clock.instant());
        append(envelope);
        return envelope;
    }

    /** Appends within the current Spring-managed transaction; refuses to run outside one. */
    public void append(Envelope<?> envelope) {
        appendAll(List.of(envelope));
    }

    /** Appends several messages in one round trip, within the current Spring-managed transaction. */
    public void appendAll(List<? extends Envelope<?>> envelopes) {
        appendAll(null, envelopes);
    }

    /**
     * Appends a message for {@code topic} rather than its type's own: a consumer handing unfinished work back to
     * its own queue through a topic of its context.
     */
    public void appendTo(String topic, Envelope<?> envelope) {
        appendAll(topic, List.of(envelope));
    }

    private void appendAll(String topic, List<? extends Envelope<?>> envelopes) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.append(" + envelopes.get(0).type() + ") needs the caller's "
                    + "transaction: without it the message could outlive a rolled-back change or be lost after a "
                    + "committed one");
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            append(connection, topic, envelopes);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        TransactionSynchronizationManager.registerSynchronization(drainAfterCommit);
    }

    /** Appends on a connection whose transaction the caller manages (code without Spring transactions). */
    public void append(Connection connection, Envelope<?> envelope) {
        append(connection, null, List.of(envelope));
    }

    private void append(Connection connection, String topic, List<? extends Envelope<?>> envelopes) {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Envelope<?> envelope : envelopes) {
                insert.setObject(1, envelope.id());
                insert.setString(2, topic == null ? envelope.topic() : topic);
                insert.setString(3, envelope.type().wireName());
                insert.setString(4, codec.encode(envelope));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            Envelope<?> first = envelopes.get(0);
            throw new OutboxException("could not write " + first.type() + " " + first.id()
                    + (envelopes.size() > 1 ? " and " + (envelopes.size() - 1) + " more" : "") + " to the outbox", e);
        }
    }
}
