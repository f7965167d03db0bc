package com.eventplanner.auth.session;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

import com.eventplanner.security.SessionCheck;

import com.eventplanner.cache.RedisConnections;

import io.lettuce.core.ScriptOutputType;

/**
 * {@code session:<sessionId>} hashes in Redis with a 30-minute sliding expiry. Every access-token check and every
 * refresh slides it, so an idle session ends by itself and a deleted one ends every token that carries its id. Only a
 * login creates a session: nothing else writes a key that is gone, so an ended session never comes back.
 */
public final class SessionStore implements SessionCheck {

    private static final String PREFIX = "session:";
    // the hash and its expiry in one step, so a crash cannot leave a session that never expires
    private static final String OPEN = """
            redis.call('HSET', KEYS[1], 'userId', ARGV[1])
            redis.call('HSETNX', KEYS[1], 'createdAt', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;

    private final RedisConnections redis;
    private final Duration ttl;
    private final Clock clock;

    public SessionStore(RedisConnections redis, Duration ttl, Clock clock) {
        this.redis = redis;
        this.ttl = ttl;
        this.clock = clock;
    }

    public void open(UUID sessionId, UUID userId) {
        redis.sync().eval(OPEN, ScriptOutputType.INTEGER, new String[] {PREFIX + sessionId},
                userId.toString(), clock.instant().toString(), Long.toString(ttl.toMillis()));
    }

    /** The check and the slide are one round trip: PEXPIRE answers false, and creates nothing, when the key is gone. */
    @Override
    public boolean isActive(String sessionId) {
        return redis.sync().pexpire(PREFIX + sessionId, ttl.toMillis());
    }

    /** Slides an open session; false when it has ended (idle past its lifetime, or closed). */
    public boolean extend(UUID sessionId) {
        return isActive(sessionId.toString());
    }

    public void close(UUID sessionId) {
        redis.sync().del(PREFIX + sessionId);
    }

    public void closeAll(Collection<UUID> sessionIds) {
        if (!sessionIds.isEmpty()) {
            redis.sync().del(sessionIds.stream().map(id -> PREFIX + id).toArray(String[]::new));
        }
    }
}
