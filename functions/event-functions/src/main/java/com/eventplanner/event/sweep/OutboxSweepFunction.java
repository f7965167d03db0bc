package com.eventplanner.event.sweep;

import com.eventplanner.messaging.consumer.JdbcProcessedMessages;
import com.eventplanner.messaging.consumer.ProcessedMessages;
import com.eventplanner.messaging.outbox.OutboxRelay;
import com.eventplanner.messaging.retention.BatchedPurge;
import com.eventplanner.messaging.retention.Retention;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code outboxSweep}, scheduled every minute: publishes what the after-commit drain could not (SNS was down, the
 * environment was frozen mid-publish), then forgets sent outbox rows and processed-message marks older than any
 * redelivery can be (queue retention 4 days + DLQ 14 days, rounded up), and the seat-ledger rows no message can
 * change any more. The EventBridge event is taken as a plain map: nothing in it matters to the sweep.
 */
@Component("outboxSweep")
class OutboxSweepFunction implements Function<Map<String, Object>, OutboxSweepFunction.SweepResult> {

    private static final Logger log = LoggerFactory.getLogger(OutboxSweepFunction.class);
    private static final String PURGE_SEAT_BOOKINGS = """
            DELETE FROM event_seat_booking WHERE booking_id IN (
                SELECT b.booking_id FROM event_seat_booking b, (SELECT ?::timestamptz AS at) cutoff
                WHERE b.updated_at < cutoff.at
                AND (NOT b.held OR EXISTS (SELECT 1 FROM event e WHERE e.id = b.event_id AND e.ends_at < cutoff.at))
                ORDER BY b.updated_at LIMIT ? FOR UPDATE OF b SKIP LOCKED)""";

    private final OutboxRelay relay;
    private final ProcessedMessages processed;
    private final Retention retention;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    OutboxSweepFunction(OutboxRelay relay, ProcessedMessages processed, Retention retention, JdbcTemplate jdbc,
                        Clock clock) {
        this.relay = relay;
        this.processed = processed;
        this.retention = retention;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record SweepResult(int published, int purgedOutbox, int purgedProcessed, int purgedSeatBookings) {
    }

    @Override
    public SweepResult apply(Map<String, Object> schedule) {
        int published = relay.drain();
        int purgedOutbox = relay.purgeSent(retention);
        int purgedProcessed = processed instanceof JdbcProcessedMessages marks ? marks.purgeOlderThan(retention) : 0;
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
     * other function's classes. In the retention's bounded batches, like the outbox and the processed marks.
     */
    private int purgeSeatBookings() {
        return BatchedPurge.run(jdbc, PURGE_SEAT_BOOKINGS, clock.instant().minus(retention.age()), retention);
    }
}
