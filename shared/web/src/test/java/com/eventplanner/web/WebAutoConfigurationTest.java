package com.eventplanner.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class WebAutoConfigurationTest {

    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebAutoConfiguration.class, JacksonAutoConfiguration.class));

    @Test
    void servletAppsGetFiltersAdviceAndStrictJson() {
        servlet.run(context -> {
            assertThat(context).hasSingleBean(ProblemExceptionHandler.class);
            assertThat(limit(context.getBean("requestSizeLimitFilter", FilterRegistrationBean.class)))
                    .isEqualTo(RequestSizeLimitFilter.DEFAULT_MAX_BYTES);
            assertThat(context.getBean("correlationIdFilter", FilterRegistrationBean.class).getOrder())
                    .isEqualTo(Integer.MIN_VALUE);
            assertThat(context.getBean(JsonMapper.class).isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
                    .isTrue();
        });
    }

    @Test
    void limitsAndStrictnessAreConfigurable() {
        servlet.withPropertyValues("eventplanner.web.max-request-body=1MB",
                        "eventplanner.web.reject-unknown-json-properties=false")
                .run(context -> {
                    assertThat(limit(context.getBean("requestSizeLimitFilter", FilterRegistrationBean.class)))
                            .isEqualTo(1024 * 1024);
                    assertThat(context.getBean(JsonMapper.class)
                            .isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isFalse();
                });
    }

    @Test
    void nonWebAppsSuchAsLambdaFunctionsAreLeftAlone() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WebAutoConfiguration.class, JacksonAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(ProblemExceptionHandler.class);
                    assertThat(context.getBean(JsonMapper.class)
                            .isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isFalse();
                });
    }

    private static long limit(FilterRegistrationBean<?> registration) {
        return ((RequestSizeLimitFilter) registration.getFilter()).maxBytes();
    }
}
