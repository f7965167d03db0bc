package com.eventplanner.cache;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** {@code redis} in /actuator/health, for readiness groups next to Boot's {@code db}. */
public class RedisHealthIndicator extends AbstractHealthIndicator {

    private final RedisConnections redis;

    public RedisHealthIndicator(RedisConnections redis) {
        super("Redis health check failed");
        this.redis = redis;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up().withDetail("ping", redis.sync().ping());
    }
}
