package com.eventplanner.event.sweep;

import com.eventplanner.messaging.consumer.JdbcProcessedMessages;
import com.eventplanner.messaging.consumer.ProcessedMessages;
import com.eventplanner.messaging.outbox.OutboxRelay;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code outboxSweep}, scheduled every minute: publishes what the after-commit drain could not (SNS was down, the
 * environment was frozen mid-publish), then forgets sent outbox rows and processed-message marks older than any
 * redelivery can be (queue retention 4 days + DLQ 14 days, rounded up). The EventBridge event is taken as a plain
 * map: nothing in it matters to the sweep.
 */
@Component("outboxSweep")
class OutboxSweepFunction implements Function<Map<String, Object>, OutboxSweepFunction.SweepResult> {

    static final Duration RETENTION = Duration.ofDays(21);
    private static final Logger log = LoggerFactory.getLogger(OutboxSweepFunction.class);

    private final OutboxRelay relay;
    private final ProcessedMessages processed;

    OutboxSweepFunction(OutboxRelay relay, ProcessedMessages processed) {
        this.relay = relay;
        this.processed = processed;
    }

    record SweepResult(int published, int purgedOutbox, int purgedProcessed) {
    }

    @Override
    public SweepResult apply(Map<String, Object> schedule) {
        int published = relay.drain();
        int purgedOutbox = relay.purgeSent(RETENTION);
        int purgedProcessed = processed instanceof JdbcProcessedMessages jdbc ? jdbc.purgeOlderThan(RETENTION) : 0;
        SweepResult result = new SweepResult(published, purgedOutbox, purgedProcessed);
        log.info("Outbox sweep: {}", result);
        return result;
    }
}
