package com.eventplanner.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

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
        sessions = new RedisSessionCheck(connections, Duration.ZERO);
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
    void aLogoutTakesEffectOnceTheConfirmationLapses() throws InterruptedException {
        RedisSessionCheck remembering = new RedisSessionCheck(connections, Duration.ofSeconds(1));
        connections.sync().setex("session:s-1", 1800, "{\"userId\":\"u-1\"}");
        assertThat(remembering.isActive("s-1")).isTrue();

        connections.sync().del("session:s-1");
        assertThat(remembering.isActive("s-1")).as("confirmed moments ago").isTrue();
        Thread.sleep(1_100);
        assertThat(remembering.isActive("s-1")).as("after the confirmation lapsed").isFalse();

        connections.sync().setex("session:s-1", 1800, "{\"userId\":\"u-1\"}");
        assertThat(remembering.isActive("s-1")).as("a session reopened by a refresh is found at once").isTrue();
    }

    @Test
    void anUnreachableStoreFailsTheCheckInsteadOfPassingIt() {
        redis.stop();

        assertThatThrownBy(() -> sessions.isActive("s-1")).isInstanceOf(RuntimeException.class);
    }
}
