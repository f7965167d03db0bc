package com.eventplanner.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class CacheAutoConfigurationTest {

    private static EmbeddedRedis redis;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class));

    @BeforeAll
    static void startRedis() {
        redis = new EmbeddedRedis();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void cacheAsideOnTheConfiguredRedisWithConfiguredTimeout() {
        runner.withPropertyValues("eventplanner.redis.url=" + redis.url(), "eventplanner.cache.command-timeout=150ms")
                .run(context -> {
                    CacheAside cache = context.getBean(CacheAside.class);
                    RedisConnections connections = context.getBean(RedisConnections.class);

                    cache.get("event:auto", Duration.ofMinutes(1), String.class, () -> "value");

                    assertThat(connections.commandTimeout()).isEqualTo(Duration.ofMillis(150));
                    assertThat(connections.sync().get("event:auto")).isEqualTo("\"value\"");
                    assertThat(cache.stats().misses()).isEqualTo(1);
                });
    }

    @Test
    void connectionIsClosedWithTheContext() {
        RedisConnections[] seen = new RedisConnections[1];
        runner.withPropertyValues("eventplanner.redis.url=" + redis.url())
                .run(context -> {
                    seen[0] = context.getBean(RedisConnections.class);
                    assertThat(seen[0].sync().ping()).isEqualTo("PONG");
                });

        assertThat(seen[0].connection().isOpen()).isFalse();
    }

    @Test
    void applicationBeansWin() {
        RedisConnections own = RedisConnections.create(redis.url());
        try {
            runner.withBean(RedisConnections.class, () -> own)
                    .run(context -> assertThat(context.getBean(RedisConnections.class)).isSameAs(own));
        } finally {
            own.close();
        }
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("eventplanner.cache.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CacheAside.class)
                        .doesNotHaveBean(RedisConnections.class));
    }
}
