package com.eventplanner.auth;

import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another instance of the service on the same infrastructure (what a second Fargate task is), under the {@code local}
 * and {@code test} profiles plus some settings of its own, for the tests of one class:
 * {@code @RegisterExtension static final ExtraInstance second = new ExtraInstance(Map.of(...));}
 */
final class ExtraInstance implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> settings;
    private ConfigurableApplicationContext context;
    private Api api;

    ExtraInstance(Map<String, String> settings) {
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext extension) {
        context = AuthApiTest.startInstance(settings, "local", "test");
        api = AuthApiTest.apiOf(context);
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        if (context != null) {
            context.close();
        }
    }

    Api api() {
        return api;
    }
}
