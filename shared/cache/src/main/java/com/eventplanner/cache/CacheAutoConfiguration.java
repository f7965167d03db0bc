package com.eventplanner.cache;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared Redis connection and cache-aside for a Boot app or a Spring Cloud Function jar; each bean backs off when
 * the application defines its own. Uses the application's {@link JsonMapper} when there is one, so cached values
 * are (de)serialised like the rest of its JSON. {@code eventplanner.cache.enabled=false} switches it off, and so
 * does a jar without Lettuce (the outbox sweep's).
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(name = "io.lettuce.core.RedisClient")
@ConditionalOnProperty(prefix = "eventplanner.cache", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CacheProperties.class)
public class CacheAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RedisConnections redisConnections(@Value("${eventplanner.redis.url:${REDIS_URL:redis://127.0.0.1:6379}}") String url,
                                      CacheProperties properties) {
        return RedisConnections.create(url, properties.commandTimeout(), properties.connectTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    CacheAside cacheAside(RedisConnections redis, ObjectProvider<JsonMapper> jsonMapper, CacheProperties properties) {
        return new CacheAside(redis, jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
                properties.failureThreshold(), properties.openFor());
    }

    /** Services other than auth-service check sessions here; auth-service defines its own, sliding, check. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "com.eventplanner.security.SessionCheck")
    static class Sessions {

        @Bean
        @ConditionalOnMissingBean(type = "com.eventplanner.security.SessionCheck")
        RedisSessionCheck redisSessionCheck(RedisConnections redis, CacheProperties properties) {
            return new RedisSessionCheck(redis, properties.sessionConfirmedFor());
        }
    }

    /** Apps with actuator get {@code redis} in their health, to include in the readiness group. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
    static class Health {

        @Bean("redis")
        @ConditionalOnMissingBean(name = "redis")
        RedisHealthIndicator redisHealthIndicator(RedisConnections redis) {
            return new RedisHealthIndicator(redis);
        }
    }
}
