package com.eventplanner.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * {@code eventplanner.cache.*}; the connection itself is {@code eventplanner.redis.url}
 * (default {@code ${REDIS_URL:redis://127.0.0.1:6379}}).
 *
 * @param commandTimeout   bound of one Redis command
 * @param connectTimeout   bound of opening the connection
 * @param failureThreshold consecutive Redis failures that open the circuit
 * @param openFor          how long an open circuit skips Redis before probing it again
 * @param sessionConfirmedFor how long a session found in Redis is taken as active without asking again; a logout
 *                         takes effect within this (the design allows a second), 0 asks on every request
 */
@ConfigurationProperties("eventplanner.cache")
public record CacheProperties(@DefaultValue("200ms") Duration commandTimeout,
                              @DefaultValue("1s") Duration connectTimeout,
                              @DefaultValue("3") int failureThreshold,
                              @DefaultValue("5s") Duration openFor,
                              @DefaultValue("500ms") Duration sessionConfirmedFor) {

    public CacheProperties {
        Assert.isTrue(sessionConfirmedFor.compareTo(Duration.ofSeconds(1)) <= 0,
                "eventplanner.cache.session-confirmed-for must not exceed 1s: a logout must take effect within a second");
    }
}
