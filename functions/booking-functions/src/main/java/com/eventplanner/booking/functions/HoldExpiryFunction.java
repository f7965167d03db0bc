package com.eventplanner.booking.functions;

import com.eventplanner.booking.HoldExpiry;
import com.eventplanner.booking.IdempotencyKeyPurge;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code holdExpiry}, scheduled every minute: releases holds whose 15 minutes ran out ({@code booking.expired}),
 * then purges Idempotency-Keys past their retention, the booking database's other periodic chore (after the holds,
 * which matter to buyers). The EventBridge event is taken as a plain map: its content does not matter.
 */
@Component("holdExpiry")
class HoldExpiryFunction implements Function<Map<String, Object>, HoldExpiryFunction.Result> {

    private static final Logger log = LoggerFactory.getLogger(HoldExpiryFunction.class);

    private final HoldExpiry holdExpiry;
    private final IdempotencyKeyPurge idempotencyKeys;

    HoldExpiryFunction(HoldExpiry holdExpiry, IdempotencyKeyPurge idempotencyKeys) {
        this.holdExpiry = holdExpiry;
        this.idempotencyKeys = idempotencyKeys;
    }

    record Result(int released, int idempotencyKeysPurged) {
    }

    @Override
    public Result apply(Map<String, Object> schedule) {
        int released = holdExpiry.releaseExpired();
        Result result = new Result(released, idempotencyKeys.purgeExpired());
        log.info("Hold expiry: {}", result);
        return result;
    }
}
