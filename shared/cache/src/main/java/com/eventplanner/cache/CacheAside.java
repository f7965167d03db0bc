package com.eventplanner.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.lettuce.core.SetArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;

/**
 * Cache-aside over Redis with JSON values: read Redis, on a miss call the loader (the database) and store its value
 * with a TTL. Redis is an optimisation, never a dependency: any Redis error or timeout is logged (rate-limited WARN),
 * counted, and answered by the loader; after {@code failureThreshold} consecutive failures Redis is skipped for
 * {@code openFor} (see {@link Circuit}). Exceptions of the loader itself reach the caller unchanged.
 * <p>
 * A null from the loader is returned but not cached. The seed's entries are primary-key lookups, cheap for the
 * database, and "absent" is usually transient (an event or booking about to be created); a cached negative entry
 * would need its own eviction on create and would hide new rows for its TTL. The price is that repeated lookups of
 * a missing id always reach the database.
 * <p>
 * Staleness is bounded by the TTL: a failed or skipped eviction, and the classic cache-aside race (a reader stores a
 * value loaded just before a concurrent update evicted the key), leave an old value for at most one TTL.
 */
public final class CacheAside {

    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    public static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(CacheAside.class);

    private final RedisConnections redis;
    private final ObjectMapper mapper;
    private final Circuit circuit;
    private final RateLimitedWarning redisWarning = new RateLimitedWarning(log, 10, TimeUnit.SECONDS);
    private final RateLimitedWarning jsonWarning = new RateLimitedWarning(log, 10, TimeUnit.SECONDS);
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder bypassed = new LongAdder();

    public CacheAside(RedisConnections redis, ObjectMapper mapper) {
        this(redis, mapper, DEFAULT_FAILURE_THRESHOLD, DEFAULT_OPEN_FOR);
    }

    public CacheAside(RedisConnections redis, ObjectMapper mapper, int failureThreshold, Duration openFor) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.circuit = new Circuit(failureThreshold, openFor, System::nanoTime);
    }

    /** The cached value of {@code key}, else the loader's value, stored for {@code ttl} when not null. */
    public <T> T get(String key, Duration ttl, Class<T> type, Supplier<T> loader) {
        return get(key, ttl, mapper.constructType(type), loader);
    }

    /** As {@link #get(String, Duration, Class, Supplier)} for generic values, e.g. {@code List<EventSummary>}. */
    public <T> T get(String key, Duration ttl, TypeReference<T> type, Supplier<T> loader) {
        return get(key, ttl, mapper.getTypeFactory().constructType(type), loader);
    }

    /**
     * Removes entries after the data behind them changed. Never throws: if Redis is down the entries stay until their
     * TTL ends, which is the staleness bound cache-aside accepts anyway; failing the caller's (already committed)
     * update would not make the cache fresher.
     */
    public void evict(String... keys) {
        if (keys.length == 0) {
            return;
        }
        if (!circuit.allowRequest()) {
            bypassed.increment();
            redisWarning.warn("Redis circuit open, eviction skipped; entries expire within their TTL",
                    new IllegalStateException("circuit open"));
            return;
        }
        try {
            redis.sync().del(keys);
            circuit.onSuccess();
        } catch (RuntimeException e) {
            redisFailed("Redis eviction failed; entries expire within their TTL", e);
        }
    }

    public CacheStats stats() {
        return new CacheStats(hits.sum(), misses.sum(), errors.sum(), bypassed.sum());
    }

    private <T> T get(String key, Duration ttl, JavaType type, Supplier<T> loader) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loader, "loader");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        if (!circuit.allowRequest()) {
            bypassed.increment();
            return loader.get();
        }
        String cached;
        try {
            cached = redis.sync().get(key);
            circuit.onSuccess();
        } catch (RuntimeException e) {
            redisFailed("Redis read failed, loading from the database", e);
            return loader.get();
        }
        if (cached != null) {
            try {
                T value = mapper.readValue(cached, type);
                hits.increment();
                return value;
            } catch (JacksonException e) {
                // written by an older version of the type: treat as a miss and overwrite it below
                jsonWarning.warn("cached value of " + key + " does not match " + type + ", reloading", e);
            }
        }
        misses.increment();
        T value = loader.get();
        if (value != null) {
            put(key, value, ttl);
        }
        return value;
    }

    private void put(String key, Object value, Duration ttl) {
        String json;
        try {
            json = mapper.writeValueAsString(value);
        } catch (JacksonException e) {
            jsonWarning.warn("value for " + key + " cannot be written as JSON, not cached", e);
            return;
        }
        if (!circuit.allowRequest()) {
            bypassed.increment();
            return;
        }
        try {
            redis.sync().set(key, json, SetArgs.Builder.px(ttl.toMillis()));
            circuit.onSuccess();
        } catch (RuntimeException e) {
            redisFailed("Redis write failed, value not cached", e);
        }
    }

    private void redisFailed(String message, RuntimeException e) {
        errors.increment();
        circuit.onFailure();
        redisWarning.warn(message, e);
    }
}
