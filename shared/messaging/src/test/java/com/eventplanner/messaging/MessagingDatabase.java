package com.eventplanner.messaging;

import com.eventplanner.localinfra.LocalInfrastructure;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The booking database of the shared local infrastructure with the messaging tables, emptied for each test. */
final class MessagingDatabase {

    final DataSource dataSource;
    final JdbcTemplate jdbc;
    final DataSourceTransactionManager transactionManager;
    final TransactionTemplate transaction;

    MessagingDatabase(LocalInfrastructure infra) {
        dataSource = infra.dataSource("booking");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/messaging").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE IF NOT EXISTS handled_message (booking_id UUID NOT NULL)");
        transactionManager = new DataSourceTransactionManager(dataSource);
        transaction = new TransactionTemplate(transactionManager);
    }

    void clear() {
        jdbc.execute("TRUNCATE outbox_message, processed_message, handled_message");
    }

    int pendingOutboxRows() {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_message WHERE sent_at IS NULL", Integer.class);
    }
}
