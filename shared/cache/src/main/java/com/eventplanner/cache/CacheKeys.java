package com.eventplanner.cache;

import java.time.Duration;
import java.util.Objects;

/** The Redis entries of seed plan section 8: key shape and TTL in one place. */
public enum CacheKeys {

    /** {@code otp:<userId>}, set with expiry (auth-service). */
    OTP("otp", Duration.ofMinutes(5), false),
    /** {@code session:<sessionId>}, hash whose expiry is renewed on every use (auth-service). */
    SESSION("session", Duration.ofMinutes(30), true),
    /** {@code event:<eventId>}, cache-aside, evicted on {@code event.updated}. */
    EVENT("event", Duration.ofMinutes(15), false),
    /** {@code api:<endpoint>:<params>}, cached API responses. */
    API("api", Duration.ofMinutes(5), false),
    /** {@code booking:<bookingId>}, cache-aside, evicted on update, {@code booking.cancelled}, {@code payment.completed}. */
    BOOKING("booking", Duration.ofMinutes(10), false);

    private final String prefix;
    private final Duration ttl;
    private final boolean sliding;

    CacheKeys(String prefix, Duration ttl, boolean sliding) {
        this.prefix = prefix;
        this.ttl = ttl;
        this.sliding = sliding;
    }

    /** {@code EVENT.key("42")} is {@code event:42}; {@code API.key("/api/events", "page=1")} is {@code api:/api/events:page=1}. */
    public String key(String... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException(prefix + " key needs at least one part");
        }
        StringBuilder key = new StringBuilder(prefix);
        for (String part : parts) {
            if (Objects.requireNonNull(part, "key part").isBlank()) {
                throw new IllegalArgumentException(prefix + " key part must not be blank");
            }
            key.append(':').append(part);
        }
        return key.toString();
    }

    public Duration ttl() {
        return ttl;
    }

    /** True when the TTL restarts on each use (sessions) rather than counting from the write. */
    public boolean sliding() {
        return sliding;
    }
}
