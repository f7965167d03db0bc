package com.eventplanner.benchmarks.coldstart;

import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The framework's floor: Spring Boot and Spring Cloud Function behind {@code FunctionInvoker}, one function answering
 * what {@link PlainHandler} answers, no auto-configuration but Jackson's and the function catalogue's (which looks
 * for Boot's JSON mapper and logs a warning without one). Run on a function jar's class path, so with its versions
 * and logging; no function of ours can start faster than this.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({JacksonAutoConfiguration.class, ContextFunctionCatalogAutoConfiguration.class})
public class SpringCloudFunctionFloor {

    @Bean
    Function<Map<String, Object>, Map<String, Object>> echo() {
        return event -> Map.of("statusCode", 200, "received", event.size());
    }
}
