package com.eventplanner.localstack.lambda;

import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.localinvoke.FunctionSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A template function's environment pointed at a local infrastructure: what template.yaml gives it, with the values
 * it takes from deployed resources (topics, database, Redis, MongoDB) replaced by their local counterparts.
 */
public final class FunctionEnvironment {

    private FunctionEnvironment() {
    }

    public static Map<String, String> of(FunctionSpec function, LocalInfrastructure infra, TokenIssuer tokens) {
        return of(function, infra, tokens, LocalEndpoints.NONE);
    }

    /** As above, with the local stack's Cloud Map names and load balancer resolved to where they listen here. */
    public static Map<String, String> of(FunctionSpec function, LocalInfrastructure infra, TokenIssuer tokens,
                                         LocalEndpoints endpoints) {
        Map<String, String> environment = endpoints.resolveAll(function.environment());
        environment.putAll(infra.environment());
        function.database().ifPresent(database -> environment.put("SPRING_DATASOURCE_URL", infra.jdbcUrl(database)));
        // a local PostgreSQL takes the password, not an RDS Proxy IAM token
        environment.put("DATABASE_IAM_AUTH", "false");
        environment.put("AUTH_JWKS_URL", tokens.jwksUrl());
        environment.put("AUTH_ISSUER", tokens.issuer());
        environment.put("AUTH_AUDIENCE", tokens.audience());
        environment.putAll(tokens.localAllowances());
        if (LocalPayments.applies(function.environment())) {
            environment.putAll(LocalPayments.environment(endpoints));
        }
        return environment;
    }
}
