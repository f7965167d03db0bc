package com.eventplanner.booking.service.health;

import com.eventplanner.cache.RedisConnections;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** {@code redis} in /actuator/health and the readiness group, next to Boot's {@code db}. */
@Component("redis")
class RedisHealthIndicator extends AbstractHealthIndicator {

    private final RedisConnections redis;

    RedisHealthIndicator(RedisConnections redis) {
        super("Redis health check failed");
        this.redis = redis;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up().withDetail("ping", redis.sync().ping());
    }
}
