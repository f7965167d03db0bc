package com.eventplanner.payment;

import com.eventplanner.localinfra.LocalInfrastructure;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * Starts the real {@link FunctionInvoker} (the handler of every function of this jar in template.yaml) for one bean,
 * configured like a Lambda environment pointing at the local infrastructure plus {@code settings} (gateway, stubs).
 * Configuration goes in as system properties, read once while the invoker starts its context.
 */
public final class Invokers {

    public static final String ISSUER = "https://auth.eventplanner.test/api/auth";
    public static final String AUDIENCE = "eventplanner-api";
    public static final String WEBHOOK_SECRET = "whsec_test_" + "0123456789abcdef0123456789abcdef";

    private Invokers() {
    }

    public static FunctionInvoker start(String definition, LocalInfrastructure infra, String jwksUrl,
                                        Map<String, String> settings) {
        migrate(infra);
        Map<String, String> properties = new LinkedHashMap<>(infra.environment());
        properties.put("MAIN_CLASS", PaymentFunctionsApplication.class.getName());
        properties.put("spring.datasource.url", infra.jdbcUrl("payment"));
        properties.put("spring.datasource.username", infra.username());
        properties.put("spring.datasource.password", infra.password());
        properties.put("aws.accessKeyId", infra.credentials().resolveCredentials().accessKeyId());
        properties.put("aws.secretAccessKey", infra.credentials().resolveCredentials().secretAccessKey());
        properties.put("AUTH_JWKS_URL", jwksUrl);
        properties.put("AUTH_ISSUER", ISSUER);
        properties.put("AUTH_AUDIENCE", AUDIENCE);
        properties.put("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET);
        properties.put("STRIPE_API_KEY", "sk_test_" + "payments0stub0key");
        properties.putAll(settings);
        properties.put("spring.cloud.function.definition", definition);
        properties.forEach(System::setProperty);
        try {
            return new FunctionInvoker();
        } finally {
            System.clearProperty("spring.cloud.function.definition");
            settings.keySet().forEach(System::clearProperty);
        }
    }

    /** The deploy step's migrations (functions/README.md): PaymentOutboxSweepFunction's, applied up front. */
    public static void migrate(LocalInfrastructure infra) {
        Flyway.configure().dataSource(infra.dataSource("payment"))
                .locations("classpath:db/migration", "classpath:db/messaging").load().migrate();
    }
}
