package com.eventplanner.messaging.consumer;

import java.time.Duration;
import java.time.Instant;
import java.sql.Timestamp;
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

    /** Forgets marks older than {@code age}: longer than any redelivery (queue plus DLQ retention) can take. */
    public int purgeOlderThan(Duration age) {
        return jdbc.update("DELETE FROM processed_message WHERE processed_at < ?",
                Timestamp.from(Instant.now().minus(age)));
    }
}
