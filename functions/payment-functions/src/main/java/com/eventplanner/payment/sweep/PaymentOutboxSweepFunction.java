package com.eventplanner.payment.sweep;

import com.eventplanner.messaging.consumer.JdbcProcessedMessages;
import com.eventplanner.messaging.consumer.ProcessedMessages;
import com.eventplanner.messaging.outbox.OutboxRelay;
import com.eventplanner.messaging.retention.BatchedPurge;
import com.eventplanner.messaging.retention.Retention;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code paymentOutboxSweep}, scheduled every minute, the payment database's chores (as {@code outboxSweep} does the
 * event database's): publishes what the after-commit drain could not, then forgets sent outbox rows,
 * processed-message marks and webhook event ids older than any redelivery can be (the retention: queue 4 days + DLQ
 * 14 days, and Stripe retries a webhook for 3 days), and Idempotency-Keys past their 24 hours, each in the
 * retention's bounded batches. It alone migrates database payment ({@code SPRING_FLYWAY_ENABLED},
 * functions/README.md).
 */
@Component("paymentOutboxSweep")
class PaymentOutboxSweepFunction implements Function<Map<String, Object>, PaymentOutboxSweepFunction.SweepResult> {

    static final Duration IDEMPOTENCY_KEY_RETENTION = Duration.ofHours(24);
    private static final Logger log = LoggerFactory.getLogger(PaymentOutboxSweepFunction.class);
    private static final String PURGE_WEBHOOK_EVENTS = """
            DELETE FROM webhook_event WHERE id IN (
                SELECT id FROM webhook_event WHERE received_at < ? ORDER BY received_at LIMIT ? FOR UPDATE SKIP LOCKED)""";
    private static final String PURGE_IDEMPOTENCY_KEYS = """
            DELETE FROM payment_idempotency_key WHERE (user_id, idempotency_key) IN (
                SELECT user_id, idempotency_key FROM payment_idempotency_key WHERE created_at < ?
                ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)""";

    private final OutboxRelay relay;
    private final ProcessedMessages processed;
    private final Retention retention;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    PaymentOutboxSweepFunction(OutboxRelay relay, ProcessedMessages processed, Retention retention, JdbcTemplate jdbc,
                               Clock clock) {
        this.relay = relay;
        this.processed = processed;
        this.retention = retention;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record SweepResult(int published, int purgedOutbox, int purgedProcessed, int purgedWebhookEvents,
                       int purgedIdempotencyKeys) {
    }

    @Override
    public SweepResult apply(Map<String, Object> schedule) {
        int published = relay.drain();
        int purgedOutbox = relay.purgeSent(retention);
        int purgedProcessed = processed instanceof JdbcProcessedMessages marks ? marks.purgeOlderThan(retention) : 0;
        int purgedWebhooks = BatchedPurge.run(jdbc, PURGE_WEBHOOK_EVENTS, clock.instant().minus(retention.age()),
                retention);
        int purgedKeys = BatchedPurge.run(jdbc, PURGE_IDEMPOTENCY_KEYS,
                clock.instant().minus(IDEMPOTENCY_KEY_RETENTION), retention);
        SweepResult result = new SweepResult(published, purgedOutbox, purgedProcessed, purgedWebhooks, purgedKeys);
        log.info("Payment outbox sweep: {}", result);
        return result;
    }
}
