package com.eventplanner.cache;

import com.eventplanner.security.SessionCheck;

/**
 * Sessions live in Redis at {@code session:<sessionId>} (auth-service writes them, 30 minutes sliding); every other
 * service checks the key exists, so a logout ends an access token everywhere at once rather than when it expires.
 * A Redis error propagates and the verifier rejects the token: for sessions, failing closed is the safe side.
 */
public final class RedisSessionCheck implements SessionCheck {

    private final RedisConnections redis;

    public RedisSessionCheck(RedisConnections redis) {
        this.redis = redis;
    }

    @Override
    public boolean isActive(String sessionId) {
        return redis.sync().exists(CacheKeys.SESSION.key(sessionId)) == 1;
    }
}
