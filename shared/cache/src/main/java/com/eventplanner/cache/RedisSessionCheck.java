package com.eventplanner.cache;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import com.eventplanner.security.SessionCheck;

/**
 * Sessions live in Redis at {@code session:<sessionId>} (auth-service writes them, 30 minutes sliding); every other
 * service checks the key exists, so a logout ends an access token everywhere at once rather than when it expires.
 * A session found is taken as active for {@code confirmedFor} (at most a second, which the design allows for a
 * logout to take effect) so a client's burst of requests costs one Redis read, not one each; a session not found is
 * never remembered, since a refresh may reopen it. A Redis error propagates and the verifier rejects the token: for
 * sessions, failing closed is the safe side.
 */
public final class RedisSessionCheck implements SessionCheck {

    /** Bounds the memory of confirmations; past it they are forgotten, costing one Redis read per session. */
    private static final int MAX_CONFIRMED = 10_000;

    private final RedisConnections redis;
    private final long confirmedForNanos;
    private final ConcurrentHashMap<String, Long> confirmedUntil = new ConcurrentHashMap<>();

    public RedisSessionCheck(RedisConnections redis, Duration confirmedFor) {
        this.redis = redis;
        this.confirmedForNanos = confirmedFor.toNanos();
    }

    @Override
    public boolean isActive(String sessionId) {
        long now = System.nanoTime();
        Long until = confirmedUntil.get(sessionId);
        if (until != null && now - until < 0) {
            return true;
        }
        boolean active = redis.sync().exists(CacheKeys.SESSION.key(sessionId)) == 1;
        if (active && confirmedForNanos > 0) {
            if (confirmedUntil.size() >= MAX_CONFIRMED) {
                confirmedUntil.clear();
            }
            confirmedUntil.put(sessionId, now + confirmedForNanos);
        } else {
            confirmedUntil.remove(sessionId);
        }
        return active;
    }
}
