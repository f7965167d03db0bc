package com.eventplanner.booking.functions;

import com.eventplanner.booking.HoldExpiry;
import com.eventplanner.booking.IdempotencyKeyPurge;
import com.eventplanner.messaging.consumer.JdbcProcessedMessages;
import com.eventplanner.messaging.consumer.ProcessedMessages;
import com.eventplanner.messaging.outbox.OutboxRelay;
import com.eventplanner.messaging.retention.Retention;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code holdExpiry}, scheduled every minute: releases holds whose 15 minutes ran out ({@code booking.expired}),
 * then the booking database's retention (after the holds, which matter to buyers): Idempotency-Keys past theirs,
 * sent outbox rows and processed-message marks older than any redelivery can be, each in bounded batches. The
 * EventBridge event is taken as a plain map: its content does not matter.
 */
@Component("holdExpiry")
class HoldExpiryFunction implements Function<Map<String, Object>, HoldExpiryFunction.Result> {

    private static final Logger log = LoggerFactory.getLogger(HoldExpiryFunction.class);

    private final HoldExpiry holdExpiry;
    private final IdempotencyKeyPurge idempotencyKeys;
    private final OutboxRelay outbox;
    private final ProcessedMessages processed;
    private final Retention retention;

    HoldExpiryFunction(HoldExpiry holdExpiry, IdempotencyKeyPurge idempotencyKeys, OutboxRelay outbox,
                       ProcessedMessages processed, Retention retention) {
        this.holdExpiry = holdExpiry;
        this.idempotencyKeys = idempotencyKeys;
        this.outbox = outbox;
        this.processed = processed;
        this.retention = retention;
    }

    record Result(int released, int idempotencyKeysPurged, int outboxPurged, int processedPurged) {
    }

    @Override
    public Result apply(Map<String, Object> schedule) {
        int released = holdExpiry.releaseExpired();
        int keys = idempotencyKeys.purgeExpired();
        int outboxRows = outbox.purgeSent(retention);
        int marks = processed instanceof JdbcProcessedMessages jdbc ? jdbc.purgeOlderThan(retention) : 0;
        Result result = new Result(released, keys, outboxRows, marks);
        log.info("Hold expiry: {}", result);
        return result;
    }
}
