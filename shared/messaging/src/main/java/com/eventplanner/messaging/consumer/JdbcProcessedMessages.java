package com.eventplanner.messaging.consumer;

import com.eventplanner.messaging.retention.BatchedPurge;
import com.eventplanner.messaging.retention.Retention;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The processed-message store is a table in the consumer's own PostgreSQL database, not Redis {@code SET NX}: the
 * mark is inserted in the same transaction as the handler's writes, so "handled" and "marked" cannot diverge. With
 * Redis, a crash between the handler's commit and the SET would run the handler twice, and a SET before the handler
 * would skip a message whose handler then failed. The primary key also serialises two concurrent deliveries of one
 * message: the second insert waits for the first transaction and then finds the row.
 */
public final class JdbcProcessedMessages implements ProcessedMessages {

    private static final String PURGE_BATCH = """
            DELETE FROM processed_message WHERE (consumer, message_id) IN (
                SELECT consumer, message_id FROM processed_message WHERE processed_at < ?
                ORDER BY processed_at LIMIT ? FOR UPDATE SKIP LOCKED)""";
    private static final String MARK =
            "INSERT INTO processed_message (consumer, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    /** The transaction manager must be the one the handlers' repositories use, so their writes join this one. */
    public JdbcProcessedMessages(DataSource dataSource, PlatformTransactionManager transactionManager) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(transactionManager);
    }

    @Override
    public boolean runOnce(String consumer, UUID messageId, Runnable work) {
        Boolean ran = transaction.execute(status -> {
            if (jdbc.update(MARK, consumer, messageId) == 0) {
                return false;
            }
            work.run();
            return true;
        });
        return Boolean.TRUE.equals(ran);
    }

    @Override
    public boolean isProcessed(String consumer, UUID messageId) {
        return !jdbc.queryForList("SELECT 1 FROM processed_message WHERE consumer = ? AND message_id = ?",
                Integer.class, consumer, messageId).isEmpty();
    }

    /**
     * Forgets marks older than the retention (longer than any redelivery, queue plus DLQ retention, can take), in its
     * bounded batches, oldest first through {@code processed_message_age}.
     */
    public int purgeOlderThan(Retention retention) {
        return BatchedPurge.run(jdbc, PURGE_BATCH, Instant.now().minus(retention.age()), retention);
    }
}
