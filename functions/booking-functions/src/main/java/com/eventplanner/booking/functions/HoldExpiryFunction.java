package com.eventplanner.booking.functions;

import com.eventplanner.booking.HoldExpiry;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code holdExpiry}, scheduled every minute: releases holds whose 15 minutes ran out ({@code booking.expired}).
 * The EventBridge event is taken as a plain map: its content does not matter.
 */
@Component("holdExpiry")
class HoldExpiryFunction implements Function<Map<String, Object>, HoldExpiryFunction.Result> {

    private static final Logger log = LoggerFactory.getLogger(HoldExpiryFunction.class);

    private final HoldExpiry holdExpiry;

    HoldExpiryFunction(HoldExpiry holdExpiry) {
        this.holdExpiry = holdExpiry;
    }

    record Result(int released) {
    }

    @Override
    public Result apply(Map<String, Object> schedule) {
        Result result = new Result(holdExpiry.releaseExpired());
        log.info("Hold expiry: {}", result);
        return result;
    }
}
