package com.eventplanner.event.sweep;

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
 * {@code outboxSweep}, scheduled every minute: publishes what the after-commit drain could not (SNS was down, the
 * environment was frozen mid-publish), then forgets sent outbox rows and processed-message marks older than any
 * redelivery can be (queue retention 4 days + DLQ 14 days, rounded up), and the seat-ledger rows no message can
 * change any more. The EventBridge event is taken as a plain map: nothing in it matters to the sweep.
 */
@Component("outboxSweep")
class OutboxSweepFunction implements Function<Map<String, Object>, OutboxSweepFunction.SweepResult> {

    static final Duration RETENTION = Duration.ofDays(21);
    private static final Logger log = LoggerFactory.getLogger(OutboxSweepFunction.class);

    private final OutboxRelay relay;
    private final ProcessedMessages processed;
    private final JdbcClient jdbc;
    private final Clock clock;

    OutboxSweepFunction(OutboxRelay relay, ProcessedMessages processed, JdbcClient jdbc, Clock clock) {
        this.relay = relay;
        this.processed = processed;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record SweepResult(int published, int purgedOutbox, int purgedProcessed, int purgedSeatBookings) {
    }

    @Override
    public SweepResult apply(Map<String, Object> schedule) {
        int published = relay.drain();
        int purgedOutbox = relay.purgeSent(RETENTION);
        int purgedProcessed = processed instanceof JdbcProcessedMessages marks ? marks.purgeOlderThan(RETENTION) : 0;
        SweepResult result = new SweepResult(published, purgedOutbox, purgedProcessed, purgeSeatBookings());
        log.info("Outbox sweep: {}", result);
        return result;
    }

    /**
     * The seats projection's ledger rows (V2__seat_bookings.sql) untouched for the retention: released ones (no
     * redelivery is that old, and a new message about the booking starts from released, as the row said) and held
     * ones of events that ended before the retention began, whose count no longer matters to anyone booking. Held rows
     * of events this database never had stay. An ended event cannot be given new dates (EventService), so a purged
     * held row is never needed again. The rule is here, not in the seats package, because the sweep's jar carries no
     * other function's classes.
     */
    private int purgeSeatBookings() {
        return jdbc.sql("""
                DELETE FROM event_seat_booking b WHERE b.updated_at < :cutoff
                AND (NOT b.held OR EXISTS (SELECT 1 FROM event e WHERE e.id = b.event_id AND e.ends_at < :cutoff))""")
                .param("cutoff", Timestamp.from(clock.instant().minus(RETENTION)))
                .update();
    }
}
