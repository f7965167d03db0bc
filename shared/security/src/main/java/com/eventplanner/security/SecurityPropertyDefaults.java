package com.eventplanner.security;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps the shared environment variables onto {@code eventplanner.security.*} with the lowest precedence, so any
 * application property or {@code EVENTPLANNER_SECURITY_*} variable still wins.
 */
class SecurityPropertyDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "eventplannerSecurityDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(
                "eventplanner.security.jwks-url", "${AUTH_JWKS_URL:}",
                "eventplanner.security.issuer", "${AUTH_ISSUER:https://auth.eventplanner.local}",
                "eventplanner.security.audience", "${AUTH_AUDIENCE:eventplanner}")));
    }
}
