package com.eventplanner.event;

import com.eventplanner.localinfra.LocalInfrastructure;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * Starts the real {@link FunctionInvoker} (the handler every function of this jar has in template.yaml) for one
 * bean, configured like a Lambda environment pointing at the local infrastructure, (tests push raw event JSON through it with
 * {@code LambdaInvocations}). Configuration goes in as system properties, read once while the invoker starts its context.
 */
final class Invokers {

    private Invokers() {
    }

    static FunctionInvoker start(String definition, LocalInfrastructure infra, TestTokens tokens) {
        configure(infra, tokens);
        System.setProperty("spring.cloud.function.definition", definition);
        try {
            return new FunctionInvoker();
        } finally {
            System.clearProperty("spring.cloud.function.definition");
        }
    }

    /** Points every Spring context started in this JVM at the local infrastructure, like a Lambda environment. */
    static void configure(LocalInfrastructure infra, TestTokens tokens) {
        migrate(infra);
        Map<String, String> properties = new LinkedHashMap<>(infra.environment());
        properties.put("MAIN_CLASS", EventFunctionsApplication.class.getName());
        properties.put("spring.datasource.url", infra.jdbcUrl("event"));
        properties.put("spring.datasource.username", infra.username());
        properties.put("spring.datasource.password", infra.password());
        properties.put("aws.accessKeyId", infra.credentials().resolveCredentials().accessKeyId());
        properties.put("aws.secretAccessKey", infra.credentials().resolveCredentials().secretAccessKey());
        properties.put("AUTH_JWKS_URL", tokens.jwksUrl());
        properties.put("AUTH_ISSUER", TestTokens.ISSUER);
        properties.put("AUTH_AUDIENCE", TestTokens.AUDIENCE);
        properties.put("spring.profiles.active", "local");
        properties.forEach(System::setProperty);
    }

    /** The deploy step's migrations (functions/README.md): the function jar carries them but never runs Flyway. */
    static void migrate(LocalInfrastructure infra) {
        Flyway.configure().dataSource(infra.dataSource("event"))
                .locations("classpath:db/migration", "classpath:db/messaging").load().migrate();
    }
}
