package com.eventplanner.benchmarks.coldstart;

import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ResolvableType;

/**
 * Spring Cloud Function's other way to start: a start class that is an {@link ApplicationContextInitializer}
 * makes {@code FunctionInvoker} start a {@code FunctionalSpringApplication}, which registers beans by hand instead
 * of scanning and auto-configuring. One function answering what {@link PlainHandler} answers.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
public class FunctionalRegistrationFloor implements ApplicationContextInitializer<GenericApplicationContext> {

    @Override
    public void initialize(GenericApplicationContext context) {
        Function<Map<String, Object>, Map<String, Object>> echo =
                event -> Map.of("statusCode", 200, "received", event.size());
        context.registerBean("echo", FunctionRegistration.class, () -> new FunctionRegistration<>(echo)
                .type(ResolvableType.forClassWithGenerics(Function.class, Map.class, Map.class).getType()));
    }
}
