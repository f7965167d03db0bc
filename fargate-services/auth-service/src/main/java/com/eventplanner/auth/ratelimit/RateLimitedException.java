package com.eventplanner.auth.ratelimit;

import java.time.Duration;

import com.eventplanner.web.ApiException;

/** Too many attempts; answered with 429 and {@code Retry-After} in whole seconds. */
public class RateLimitedException extends ApiException {

    private final long retryAfterSeconds;

    public RateLimitedException(Duration retryAfter) {
        this(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }

    private RateLimitedException(long retryAfterSeconds) {
        super(429, "RATE_LIMITED", "Too many attempts. Try again in " + retryAfterSeconds + " seconds.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
