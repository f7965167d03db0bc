package com.eventplanner.localstack;

import com.eventplanner.localinfra.LocalInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole stack on one laptop: the local infrastructure (embedded PostgreSQL, Redis, SQS, MongoDB-wire and SNS,
 * queues provisioned from template.yaml) on fixed ports, then every Fargate service that has been built, each in its
 * own JVM as it would run in its own task. Stops everything on Ctrl-C.
 */
public final class LocalStack {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    public static void main(String[] args) throws Exception {
        Path root = projectRoot();
        Path state = Files.createDirectories(root.resolve(".local-stack"));
        LocalInfrastructure infra = LocalInfrastructure.builder()
                .postgresPort(port("LOCAL_POSTGRES_PORT", 15432))
                .redisPort(port("LOCAL_REDIS_PORT", 16379))
                .sqsPort(port("LOCAL_SQS_PORT", 19324))
                .snsPort(port("LOCAL_SNS_PORT", 19911))
                .mongoPort(port("LOCAL_MONGO_PORT", 27018))
                .template(root.resolve("template.yaml"))
                .start();
        List<ServiceProcess> services = new ArrayList<>();
        for (FargateService service : FargateService.values()) {
            service.jar(root).ifPresentOrElse(
                    jar -> services.add(ServiceProcess.start(service, jar, environment(infra, service, state),
                            state.resolve("logs"))),
                    () -> log.warn("{} is not built ({}); build it with ./mvnw -DskipTests package",
                            service.moduleName(), service.jarPattern()));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            services.forEach(ServiceProcess::close);
            infra.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        printSummary(infra, services);
        stopped.await();
    }

    private static Map<String, String> environment(LocalInfrastructure infra, FargateService service, Path state) {
        Map<String, String> environment = new java.util.LinkedHashMap<>(infra.environment());
        environment.put("SPRING_DATASOURCE_URL", infra.jdbcUrl(service.database()));
        environment.put("SERVER_PORT", String.valueOf(service.port()));
        environment.put("SPRING_PROFILES_ACTIVE", "local");
        environment.put("AUTH_JWKS_URL", "http://127.0.0.1:" + FargateService.AUTH.port()
                + "/api/auth/.well-known/jwks.json");
        environment.put("LOCAL_STATE_DIR", state.toString());
        return environment;
    }

    private static void printSummary(LocalInfrastructure infra, List<ServiceProcess> services) {
        StringBuilder summary = new StringBuilder("\n\nEvent Planner local stack is up (Ctrl-C stops it)\n");
        infra.environment().forEach((name, value) -> summary.append(String.format("  %-24s %s%n", name, value)));
        for (ServiceProcess service : services) {
            summary.append(String.format("  %-24s http://127.0.0.1:%d  (log: %s)%n", service.service().moduleName(),
                    service.service().port(), service.log()));
        }
        log.info(summary.toString());
    }

    private static int port(String variable, int fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }

    private static Path projectRoot() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IOException("template.yaml not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private LocalStack() {
    }
}
