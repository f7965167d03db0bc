package com.eventplanner.payment.sweep;

import com.eventplanner.messaging.consumer.JdbcProcessedMessages;
import com.eventplanner.messaging.consumer.ProcessedMessages;
import com.eventplanner.messaging.outbox.OutboxRelay;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code paymentOutboxSweep}, scheduled every minute, the payment database's chores (as {@code outboxSweep} does the
 * event database's): publishes what the after-commit drain could not, then forgets sent outbox rows,
 * processed-message marks and webhook event ids older than any redelivery can be (queue retention 4 days + DLQ 14
 * days, and Stripe's 3 days of webhook retries, rounded up), and Idempotency-Keys past their 24 hours. It alone
 * migrates database payment ({@code SPRING_FLYWAY_ENABLED}, functions/README.md).
 */
@Component("paymentOutboxSweep")
class PaymentOutboxSweepFunction implements Function<Map<String, Object>, PaymentOutboxSweepFunction.SweepResult> {

    static final Duration RETENTION = Duration.ofDays(21);
    static final Duration IDEMPOTENCY_KEY_RETENTION = Duration.ofHours(24);
    private static final Logger log = LoggerFactory.getLogger(PaymentOutboxSweepFunction.class);

    private final OutboxRelay relay;
    private final ProcessedMessages processed;
    private final JdbcClient jdbc;
    private final Clock clock;

    PaymentOutboxSweepFunction(OutboxRelay relay, ProcessedMessages processed, JdbcClient jdbc, Clock clock) {
        this.relay = relay;
        this.processed = processed;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record SweepResult(int published, int purgedOutbox, int purgedProcessed, int purgedWebhookEvents,
                       int purgedIdempotencyKeys) {
    }

    @Override
    public SweepResult apply(Map<String, Object> schedule) {
        int published = relay.drain();
        int purgedOutbox = relay.purgeSent(RETENTION);
        int purgedProcessed = processed instanceof JdbcProcessedMessages marks ? marks.purgeOlderThan(RETENTION) : 0;
        int purgedWebhooks = jdbc.sql("DELETE FROM webhook_event WHERE received_at < :cutoff")
                .param("cutoff", Timestamp.from(clock.instant().minus(RETENTION))).update();
        int purgedKeys = jdbc.sql("DELETE FROM payment_idempotency_key WHERE created_at < :cutoff")
                .param("cutoff", Timestamp.from(clock.instant().minus(IDEMPOTENCY_KEY_RETENTION))).update();
        SweepResult result = new SweepResult(published, purgedOutbox, purgedProcessed, purgedWebhooks, purgedKeys);
        log.info("Payment outbox sweep: {}", result);
        return result;
    }
}
