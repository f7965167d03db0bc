package com.eventplanner.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class CacheAsideTest {

    record Event(String id, String name, int seats) {
    }

    private static final Duration OPEN_FOR = Duration.ofMillis(300);

    private EmbeddedRedis redis;
    private RedisConnections connections;
    private CacheAside cache;
    private final AtomicInteger loads = new AtomicInteger();

    @BeforeEach
    void start() {
        redis = new EmbeddedRedis();
        connections = RedisConnections.create(redis.url());
        cache = new CacheAside(connections, JsonMapper.builder().build(), 3, OPEN_FOR);
    }

    @AfterEach
    void stop() {
        connections.close();
        redis.close();
    }

    @Test
    void missCallsTheLoaderThenHitsServeTheCachedValue() {
        Event first = cache.get("event:e1", CacheKeys.EVENT.ttl(), Event.class, loader(new Event("e1", "Gala", 100)));
        Event second = cache.get("event:e1", CacheKeys.EVENT.ttl(), Event.class, loader(new Event("e1", "changed", 1)));

        assertThat(first).isEqualTo(new Event("e1", "Gala", 100));
        assertThat(second).isEqualTo(first);
        assertThat(loads).hasValue(1);
        assertThat(cache.stats()).isEqualTo(new CacheStats(1, 1, 0, 0));
        assertThat(redisCommands().get("event:e1")).isEqualTo("{\"id\":\"e1\",\"name\":\"Gala\",\"seats\":100}");
    }

    @Test
    void eachEntryGetsItsOwnTtl() {
        cache.get(CacheKeys.EVENT.key("e1"), CacheKeys.EVENT.ttl(), Event.class, loader(new Event("e1", "a", 1)));
        cache.get(CacheKeys.BOOKING.key("b1"), CacheKeys.BOOKING.ttl(), String.class, loader("CONFIRMED"));

        assertThat(redisCommands().ttl("event:e1")).isBetween(15 * 60 - 5L, 15 * 60L);
        assertThat(redisCommands().ttl("booking:b1")).isBetween(10 * 60 - 5L, 10 * 60L);
    }

    @Test
    void genericValuesRoundTrip() {
        List<Event> page = List.of(new Event("e1", "a", 1), new Event("e2", "b", 2));
        TypeReference<List<Event>> type = new TypeReference<>() { };

        cache.get(CacheKeys.API.key("/api/events", "page=1"), CacheKeys.API.ttl(), type, loader(page));
        List<Event> cached = cache.get(CacheKeys.API.key("/api/events", "page=1"), CacheKeys.API.ttl(), type,
                loader(List.of()));

        assertThat(cached).isEqualTo(page);
        assertThat(loads).hasValue(1);
    }

    @Test
    void absentValuesAreNotCached() {
        assertThat(cache.get("event:missing", Duration.ofMinutes(1), Event.class, loader(null))).isNull();
        assertThat(cache.get("event:missing", Duration.ofMinutes(1), Event.class, loader(null))).isNull();

        assertThat(loads).hasValue(2);
        assertThat(redisCommands().exists("event:missing")).isZero();
    }

    @Test
    void evictMakesTheNextGetLoadAgain() {
        cache.get("event:e1", Duration.ofMinutes(1), Event.class, loader(new Event("e1", "old", 1)));
        cache.get("booking:b1", Duration.ofMinutes(1), String.class, loader("HELD"));

        cache.evict("event:e1", "booking:b1");

        assertThat(redisCommands().exists("event:e1", "booking:b1")).isZero();
        assertThat(cache.get("event:e1", Duration.ofMinutes(1), Event.class, loader(new Event("e1", "new", 2))))
                .isEqualTo(new Event("e1", "new", 2));
    }

    @Test
    void unreadableCachedValueIsReplacedByTheLoadersValue() {
        redisCommands().set("event:e1", "{\"id\":\"e1\",\"seats\":\"not a number\"}");

        Event value = cache.get("event:e1", Duration.ofMinutes(1), Event.class, loader(new Event("e1", "ok", 3)));

        assertThat(value).isEqualTo(new Event("e1", "ok", 3));
        assertThat(redisCommands().get("event:e1")).contains("\"ok\"");
        assertThat(cache.stats().errors()).as("not a Redis failure").isZero();
    }

    @Test
    void loaderFailuresReachTheCaller() {
        assertThatThrownBy(() -> cache.get("event:e1", Duration.ofMinutes(1), Event.class, () -> {
            throw new IllegalStateException("database down");
        })).hasMessage("database down");
    }

    @Test
    void redisOutageDegradesToTheLoaderFastAndCachingResumesWhenItIsBack() {
        cache.get("event:e1", Duration.ofMinutes(1), Event.class, loader(new Event("e1", "cached", 1)));
        redis.stop();

        long start = System.nanoTime();
        Event during = cache.get("event:e1", Duration.ofMinutes(1), Event.class, loader(new Event("e1", "db", 2)));
        long firstFailureMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        cache.evict("event:e1");

        assertThat(during).isEqualTo(new Event("e1", "db", 2));
        assertThat(firstFailureMillis).as("bounded by the command timeout, not a hang")
                .isLessThan(connections.commandTimeout().toMillis() + 800);
        assertThat(cache.stats().errors()).isEqualTo(2);

        cache.get("event:e2", Duration.ofMinutes(1), Event.class, loader(new Event("e2", "db", 2)));
        assertThat(cache.stats().errors()).as("third consecutive failure opens the circuit").isEqualTo(3);
        for (int i = 0; i < 5; i++) {
            assertThat(cache.get("event:e1", Duration.ofMinutes(1), Event.class, loader(new Event("e1", "db", 2))))
                    .isEqualTo(new Event("e1", "db", 2));
        }
        assertThat(cache.stats().bypassed()).as("open circuit skips Redis").isEqualTo(5);
        assertThat(cache.stats().errors()).isEqualTo(3);

        redis.start();

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            cache.get("event:e3", Duration.ofMinutes(1), Event.class, loader(new Event("e3", "db", 3)));
            return cache.stats().hits() > 0;
        });
        assertThat(redisCommands().get("event:e3")).contains("\"e3\"");
        int loadsBefore = loads.get();
        assertThat(cache.get("event:e3", Duration.ofMinutes(1), Event.class, loader(new Event("e3", "x", 0))))
                .isEqualTo(new Event("e3", "db", 3));
        assertThat(loads).hasValue(loadsBefore);
    }

    @Test
    void redisDownAtStartupStillAnswersFromTheLoader() {
        connections.close();
        redis.stop();
        connections = RedisConnections.create(redis.url());
        cache = new CacheAside(connections, JsonMapper.builder().build(), 3, OPEN_FOR);

        assertThat(cache.get("event:e1", Duration.ofMinutes(1), Event.class, loader(new Event("e1", "db", 1))))
                .isEqualTo(new Event("e1", "db", 1));
        cache.evict("event:e1");
        assertThat(cache.stats().errors()).isEqualTo(2);

        redis.start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            cache.get("event:e1", Duration.ofMinutes(1), Event.class, loader(new Event("e1", "db", 1)));
            return cache.stats().hits() > 0;
        });
    }

    private <T> Supplier<T> loader(T value) {
        return () -> {
            loads.incrementAndGet();
            return value;
        };
    }

    private RedisCommands<String, String> redisCommands() {
        return connections.sync();
    }
}
