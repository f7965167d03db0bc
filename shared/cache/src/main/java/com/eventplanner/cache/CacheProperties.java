package com.eventplanner.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventplanner.cache.*}; the connection itself is {@code eventplanner.redis.url}
 * (default {@code ${REDIS_URL:redis://127.0.0.1:6379}}).
 *
 * @param commandTimeout   bound of one Redis command
 * @param connectTimeout   bound of opening the connection
 * @param failureThreshold consecutive Redis failures that open the circuit
 * @param openFor          how long an open circuit skips Redis before probing it again
 */
@ConfigurationProperties("eventplanner.cache")
public record CacheProperties(@DefaultValue("200ms") Duration commandTimeout,
                              @DefaultValue("1s") Duration connectTimeout,
                              @DefaultValue("3") int failureThreshold,
                              @DefaultValue("5s") Duration openFor) {
}
