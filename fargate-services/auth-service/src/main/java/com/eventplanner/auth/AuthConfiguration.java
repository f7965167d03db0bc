package com.eventplanner.auth;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import com.eventplanner.auth.account.PasswordHasher;
import com.eventplanner.auth.ratelimit.RateLimiter;
import com.eventplanner.auth.session.SessionStore;
import com.eventplanner.cache.RedisConnections;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** The plain (Spring-free) building blocks of the service, wired from {@link AuthProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@OpenAPIDefinition(info = @Info(title = "Event Planner auth-service", version = "v1"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
class AuthConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PasswordHasher passwordHasher(AuthProperties properties) {
        return new PasswordHasher(properties.password());
    }

    @Bean
    SessionStore sessionStore(RedisConnections redis, AuthProperties properties, Clock clock) {
        return new SessionStore(redis, properties.sessionTtl(), clock);
    }

    @Bean
    RateLimiter rateLimiter(RedisConnections redis, AuthProperties properties) {
        return new RateLimiter(redis, properties.rateLimit().window());
    }
}
