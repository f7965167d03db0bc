package com.eventplanner.benchmarks;

import com.eventplanner.contracts.Destinations;
import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.MessageCodec;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.booking.BookingCreated;
import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.localinfra.LocalSqsPoller;
import com.eventplanner.messaging.consumer.JdbcProcessedMessages;
import com.eventplanner.messaging.consumer.SqsBatchProcessor;
import com.eventplanner.messaging.outbox.Outbox;
import com.eventplanner.messaging.outbox.OutboxRelay;
import com.eventplanner.messaging.outbox.TopicArns;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Messages per second through the whole path — outbox write (one transaction per message) -> relay -> SNS fan-out ->
 * SQS -> batch helper with dedupe — against raw SQS send + receive + delete of the same messages on the same server,
 * in the same run. Both sides use one producer thread and one consumer thread. Target: ratio >= 0.3.
 */
public final class MessagingThroughputBenchmark {

    private static final String QUEUE = Destinations.BOOKING_CREATED_EVENT_QUEUE;

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("messages", 2000);
        try (LocalInfrastructure infra = LocalInfrastructure.start()) {
            HikariConfig pool = new HikariConfig();
            pool.setJdbcUrl(infra.jdbcUrl("booking"));
            pool.setUsername(infra.username());
            pool.setPassword(infra.password());
            pool.setMaximumPoolSize(5);
            try (HikariDataSource dataSource = new HikariDataSource(pool)) {
                Flyway.configure().dataSource(dataSource).locations("classpath:db/messaging").load().migrate();
                MessagingThroughputBenchmark benchmark = new MessagingThroughputBenchmark(infra, dataSource);
                benchmark.rawSqs(messages / 10);
                benchmark.fullPath(messages / 10);
                double raw = benchmark.rawSqs(messages);
                double full = benchmark.fullPath(messages);
                System.out.printf(Locale.ROOT, "%nmessaging throughput, %d messages, %d cores%n", messages,
                        Runtime.getRuntime().availableProcessors());
                System.out.printf(Locale.ROOT, "  baseline  raw SQS send+receive+delete           %8.0f msg/s%n", raw);
                System.out.printf(Locale.ROOT, "  full path outbox->relay->SNS->SQS->batch helper %8.0f msg/s%n", full);
                System.out.printf(Locale.ROOT, "  ratio     %.2f (target >= 0.30)%n%n", full / raw);
            }
        }
    }

    private final LocalInfrastructure infra;
    private final HikariDataSource dataSource;
    private final MessageCodec codec = new MessageCodec();

    private MessagingThroughputBenchmark(LocalInfrastructure infra, HikariDataSource dataSource) {
        this.infra = infra;
        this.dataSource = dataSource;
    }

    /** Raw SQS: batches of 10 sent by one thread while another receives and deletes them. */
    double rawSqs(int count) throws InterruptedException {
        infra.purgeQueues();
        SqsClient sqs = infra.sqsClient();
        String url = infra.queueUrl(QUEUE);
        List<String> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bodies.add(codec.encode(bookingCreated()));
        }
        AtomicInteger received = new AtomicInteger();
        long start = System.nanoTime();
        Thread consumer = new Thread(() -> {
            while (received.get() < count) {
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                        .waitTimeSeconds(1).messageAttributeNames("All")).messages();
                if (batch.isEmpty()) {
                    continue;
                }
                List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
                for (Message message : batch) {
                    codec.decode(message.body());
                    deletes.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(deletes.size()))
                            .receiptHandle(message.receiptHandle()).build());
                }
                sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(deletes));
                received.addAndGet(batch.size());
            }
        });
        consumer.start();
        for (int from = 0; from < count; from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(from + 10, count); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(i)).messageBody(bodies.get(i))
                        .build());
            }
            sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
        }
        consumer.join();
        return count / seconds(start);
    }

    /** The whole path: one thread commits a message per transaction; the relay and one poller run alongside. */
    double fullPath(int count) throws InterruptedException {
        infra.purgeQueues();
        new JdbcTemplate(dataSource).execute("TRUNCATE outbox_message, processed_message");
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        SqsBatchProcessor processor = new SqsBatchProcessor(codec, new JdbcProcessedMessages(dataSource, transactions));
        AtomicInteger handled = new AtomicInteger();
        LocalSqsPoller poller = infra.poller(QUEUE, event -> processor.process("benchmark", event,
                        BookingCreated.class, message -> handled.incrementAndGet()))
                .batchSize(10).waitTime(Duration.ofSeconds(1)).build();
        try (OutboxRelay relay = new OutboxRelay(dataSource, infra.snsClient(),
                TopicArns.fromEnvironment(infra.environment()::get), OutboxRelay.Settings.defaults(),
                Clock.systemUTC())) {
            Outbox outbox = new Outbox(dataSource, codec, relay::signal, "benchmark", Clock.systemUTC());
            List<Envelope<BookingCreated>> envelopes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                envelopes.add(bookingCreated());
            }
            long start = System.nanoTime();
            relay.start();
            poller.start();
            for (Envelope<BookingCreated> envelope : envelopes) {
                transaction.executeWithoutResult(tx -> outbox.append(envelope));
            }
            while (handled.get() < count) {
                Thread.sleep(2);
            }
            double rate = count / seconds(start);
            poller.stop();
            return rate;
        }
    }

    private static Envelope<BookingCreated> bookingCreated() {
        Instant now = Instant.now();
        return Envelope.of(new BookingCreated(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                "ann@example.com", "Ann Attendee", 2, new Money(new BigDecimal("20.00"), "EUR"),
                now.plusSeconds(900)), "benchmark", UUID.randomUUID().toString(), now);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
