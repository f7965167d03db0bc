package com.eventplanner.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisSessionCheckTest {

    private EmbeddedRedis redis;
    private RedisConnections connections;
    private RedisSessionCheck sessions;

    @BeforeEach
    void start() {
        redis = new EmbeddedRedis();
        connections = RedisConnections.create(redis.url());
        sessions = new RedisSessionCheck(connections);
    }

    @AfterEach
    void stop() {
        connections.close();
        redis.close();
    }

    @Test
    void aSessionIsActiveWhileItsKeyExists() {
        connections.sync().setex("session:s-1", 1800, "{\"userId\":\"u-1\"}");

        assertThat(sessions.isActive("s-1")).isTrue();
        assertThat(sessions.isActive("s-2")).isFalse();

        connections.sync().del("session:s-1");
        assertThat(sessions.isActive("s-1")).as("after logout").isFalse();
    }

    @Test
    void anUnreachableStoreFailsTheCheckInsteadOfPassingIt() {
        redis.stop();

        assertThatThrownBy(() -> sessions.isActive("s-1")).isInstanceOf(RuntimeException.class);
    }
}
