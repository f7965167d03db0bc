package com.eventplanner.localstack.lambda;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the local stack's pieces listen, for what functions reach by a name that only resolves in AWS: the Cloud Map
 * names of the Fargate services ({@code http://booking-service.eventplanner.local:8083} -> a local port) and the load
 * balancer (the local payment gateway sends its webhooks there, as Stripe sends them to the ALB).
 */
public record LocalEndpoints(String albUrl, Map<String, String> cloudMap) {

    public static final LocalEndpoints NONE = new LocalEndpoints(null, Map.of());

    public LocalEndpoints {
        cloudMap = Map.copyOf(cloudMap);
    }

    /** {@code value} with every Cloud Map base URL it contains replaced by its local one. */
    String resolve(String value) {
        String resolved = value;
        for (Map.Entry<String, String> name : cloudMap.entrySet()) {
            resolved = resolved.replace(name.getKey(), name.getValue());
        }
        return resolved;
    }

    Map<String, String> resolveAll(Map<String, String> environment) {
        Map<String, String> resolved = new LinkedHashMap<>();
        environment.forEach((name, value) -> resolved.put(name, resolve(value)));
        return resolved;
    }
}
