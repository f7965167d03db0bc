package com.eventplanner.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StructuredLoggingDefaultsTest {

    private final StructuredLoggingDefaults defaults = new StructuredLoggingDefaults();

    @Test
    void ecsJsonIsTheDefault() {
        StandardEnvironment environment = new StandardEnvironment();

        defaults.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty(StructuredLoggingDefaults.FORMAT_PROPERTY)).isEqualTo("ecs");
    }

    @Test
    void anAppsOwnChoiceWins() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("app",
                Map.of(StructuredLoggingDefaults.FORMAT_PROPERTY, "logstash")));

        defaults.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty(StructuredLoggingDefaults.FORMAT_PROPERTY)).isEqualTo("logstash");
    }

    @Test
    void localProfileKeepsHumanReadableLines() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.setActiveProfiles("local");

        defaults.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty(StructuredLoggingDefaults.FORMAT_PROPERTY)).isNull();
    }
}
