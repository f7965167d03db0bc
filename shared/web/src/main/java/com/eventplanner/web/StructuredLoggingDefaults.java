package com.eventplanner.web;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

import java.util.Map;

/**
 * Makes ECS JSON the console log format of every app on this module (CloudWatch and log queries parse it; the MDC,
 * including {@code correlationId}, becomes top-level fields). Added with the lowest precedence, so an app or an
 * environment variable ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE}) can choose another format. Under the {@code local}
 * profile nothing is added and people read Boot's usual text lines.
 */
class StructuredLoggingDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "eventplannerLoggingDefaults";
    static final String FORMAT_PROPERTY = "logging.structured.format.console";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.acceptsProfiles(Profiles.of("local"))
                || environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(FORMAT_PROPERTY, "ecs")));
    }
}
