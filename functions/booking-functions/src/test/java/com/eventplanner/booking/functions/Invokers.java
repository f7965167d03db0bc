package com.eventplanner.booking.functions;

import com.eventplanner.localinfra.LocalInfrastructure;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * Starts the real {@link FunctionInvoker} (the handler of every function of this jar in template.yaml) for one bean,
 * configured like a Lambda environment pointing at the local infrastructure, (tests push raw event JSON through it with
 * {@code LambdaInvocations}). Configuration goes in as system properties, read once while the invoker starts its context.
 */
final class Invokers {

    private Invokers() {
    }

    static FunctionInvoker start(String definition, LocalInfrastructure infra) {
        migrate(infra);
        Map<String, String> properties = new LinkedHashMap<>(infra.environment());
        properties.put("MAIN_CLASS", BookingFunctionsApplication.class.getName());
        properties.put("spring.cloud.function.definition", definition);
        properties.put("spring.datasource.url", infra.jdbcUrl("booking"));
        properties.put("spring.datasource.username", infra.username());
        properties.put("spring.datasource.password", infra.password());
        properties.put("aws.accessKeyId", infra.credentials().resolveCredentials().accessKeyId());
        properties.put("aws.secretAccessKey", infra.credentials().resolveCredentials().secretAccessKey());
        properties.forEach(System::setProperty);
        try {
            return new FunctionInvoker();
        } finally {
            System.clearProperty("spring.cloud.function.definition");
        }
    }

    /** What booking-service does at its start in AWS and in the local stack: the functions never migrate. */
    static void migrate(LocalInfrastructure infra) {
        Flyway.configure().dataSource(infra.dataSource("booking"))
                .locations("classpath:db/messaging", "classpath:db/booking").load().migrate();
    }
}
