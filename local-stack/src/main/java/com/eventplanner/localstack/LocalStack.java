package com.eventplanner.localstack;

import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.localinvoke.FunctionSpec;
import com.eventplanner.localinvoke.JarMigrations;
import com.eventplanner.localinvoke.SamTemplate;
import com.eventplanner.localstack.alb.LocalLoadBalancer;
import com.eventplanner.localstack.lambda.EventSources;
import com.eventplanner.localstack.lambda.LocalEndpoints;
import com.eventplanner.localstack.lambda.LocalFunctions;
import com.eventplanner.localstack.lambda.TokenIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole stack on one laptop, as template.yaml describes it: the local infrastructure (embedded PostgreSQL,
 * Redis, SQS, MongoDB-wire and SNS, queues provisioned from the template); every Fargate service that has been built,
 * each in its own JVM as in its own task; every built function, each in its own execution environment, started by
 * its first invocation; the SQS event source mappings and schedules of the functions; and the load balancer's
 * listener rules on one local port. Stops everything on Ctrl-C.
 */
public final class LocalStack implements AutoCloseable {

    /** The audience the template gives every API. */
    static final String AUDIENCE = "eventplanner-api";
    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    /** Ports of the embedded servers (0: a free one). */
    public record InfraPorts(int postgres, int redis, int sqs, int sns, int mongo) {
    }

    /** Ports (0: a free one) and where logs and state go. */
    public record Settings(Path root, Path state, int albPort, Map<FargateService, Integer> servicePorts,
            InfraPorts infraPorts) {

        /** The fixed ports the README names, each overridable by an environment variable. */
        static Settings fromEnvironment(Path root) {
            Map<FargateService, Integer> services = new EnumMap<>(FargateService.class);
            services.put(FargateService.AUTH, port("LOCAL_AUTH_PORT", FargateService.AUTH.port()));
            services.put(FargateService.BOOKING, port("LOCAL_BOOKING_PORT", FargateService.BOOKING.port()));
            return new Settings(root, root.resolve(".local-stack"), port("LOCAL_ALB_PORT", 8080), services,
                    new InfraPorts(port("LOCAL_POSTGRES_PORT", 15432), port("LOCAL_REDIS_PORT", 16379),
                            port("LOCAL_SQS_PORT", 19324), port("LOCAL_SNS_PORT", 19911),
                            port("LOCAL_MONGO_PORT", 27018)));
        }

        /** Free ports everywhere, so that a test stack runs beside a running one. */
        public static Settings freePorts(Path root, Path state) {
            Map<FargateService, Integer> services = new EnumMap<>(FargateService.class);
            for (FargateService service : FargateService.values()) {
                services.put(service, 0);
            }
            return new Settings(root, state, 0, services, new InfraPorts(0, 0, 0, 0, 0));
        }
    }

    private final LocalInfrastructure infra;
    private final List<ServiceProcess> services;
    private final LocalFunctions functions;
    private final EventSources eventSources;
    private final LocalLoadBalancer alb;
    private final Path logs;

    private LocalStack(LocalInfrastructure infra, List<ServiceProcess> services, LocalFunctions functions,
            EventSources eventSources, LocalLoadBalancer alb, Path logs) {
        this.infra = infra;
        this.services = services;
        this.functions = functions;
        this.eventSources = eventSources;
        this.alb = alb;
        this.logs = logs;
    }

    public static LocalStack start(Settings settings) throws IOException {
        Path state = Files.createDirectories(settings.state());
        Path logs = state.resolve("logs");
        Path template = settings.root().resolve("template.yaml");
        LocalInfrastructure infra = LocalInfrastructure.builder()
                .postgresPort(settings.infraPorts().postgres())
                .redisPort(settings.infraPorts().redis())
                .sqsPort(settings.infraPorts().sqs())
                .snsPort(settings.infraPorts().sns())
                .mongoPort(settings.infraPorts().mongo())
                .template(template)
                .start();
        List<AutoCloseable> started = new ArrayList<>(List.of(infra));
        try {
            int albPort = settings.albPort() == 0 ? freePort() : settings.albPort();
            Map<FargateService, Integer> ports = new EnumMap<>(FargateService.class);
            settings.servicePorts().forEach((service, port) -> ports.put(service, port == 0 ? freePort() : port));
            // tokens are issued for the API's host, as https://<ApiDomainName>/api/auth in AWS
            TokenIssuer tokens = new TokenIssuer("http://127.0.0.1:" + ports.get(FargateService.AUTH)
                    + "/api/auth/.well-known/jwks.json", "http://127.0.0.1:" + albPort + "/api/auth", AUDIENCE);

            List<ServiceProcess> services = new ArrayList<>();
            for (FargateService service : FargateService.values()) {
                service.jar(settings.root()).ifPresentOrElse(jar -> {
                    ServiceProcess process = ServiceProcess.start(service, ports.get(service), jar,
                            serviceEnvironment(infra, service, tokens, state), logs);
                    services.add(process);
                    started.add(process);
                }, () -> log.warn("{} is not built ({}); build it with ./mvnw -DskipTests package",
                        service.moduleName(), service.jarPattern()));
            }
            SamTemplate sam = SamTemplate.load(template);
            migrateFunctionDatabases(sam, infra);
            Map<String, String> cloudMap = new LinkedHashMap<>();
            ports.forEach((service, port) -> cloudMap.put("http://" + service.moduleName() + ".eventplanner.local:"
                    + service.port(), "http://127.0.0.1:" + port));
            LocalFunctions functions = LocalFunctions.of(sam, infra, tokens, logs,
                    new LocalEndpoints("http://127.0.0.1:" + albPort, cloudMap));
            started.add(functions);
            EventSources eventSources = EventSources.start(sam, functions, infra);
            started.add(eventSources);
            Map<Integer, Integer> targetPorts = new LinkedHashMap<>();
            ports.forEach((service, port) -> targetPorts.put(service.port(), port));
            LocalLoadBalancer alb = LocalLoadBalancer.start(albPort, sam.loadBalancer(), targetPorts, functions);
            return new LocalStack(infra, services, functions, eventSources, alb, logs);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    /** What a deployment has done before the functions serve (see {@link JarMigrations}). */
    private static void migrateFunctionDatabases(SamTemplate sam, LocalInfrastructure infra) {
        for (String logicalId : sam.functionIds()) {
            FunctionSpec function = sam.function(logicalId, Map.of());
            if (function.database().isPresent() && Files.isRegularFile(function.codeUri())) {
                try {
                    JarMigrations.apply(function.codeUri(), infra.dataSource(function.database().get()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** Waits until every service answers its health check, as the target groups would before routing to it. */
    public void awaitHealthy(Duration limit) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        for (ServiceProcess service : services) {
            while (!service.healthy(client)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(service.service().moduleName() + " not healthy after " + limit
                            + "; see " + service.log());
                }
                Thread.sleep(500);
            }
        }
    }

    public String albUrl() {
        return "http://127.0.0.1:" + alb.port();
    }

    public LocalInfrastructure infrastructure() {
        return infra;
    }

    private static Map<String, String> serviceEnvironment(LocalInfrastructure infra, FargateService service,
            TokenIssuer tokens, Path state) {
        Map<String, String> environment = new LinkedHashMap<>(infra.environment());
        environment.put("SPRING_DATASOURCE_URL", infra.jdbcUrl(service.database()));
        environment.put("SPRING_PROFILES_ACTIVE", "local");
        environment.put("AUTH_JWKS_URL", tokens.jwksUrl());
        environment.put("AUTH_ISSUER", tokens.issuer());
        environment.put("AUTH_AUDIENCE", tokens.audience());
        environment.putAll(tokens.localAllowances());
        environment.put("AUTH_SIGNING_KEY_FILE", state.resolve("auth-signing-key.json").toString());
        environment.put("AUTH_MAILBOX_DIR", state.resolve("mailbox").toString());
        return environment;
    }

    private String summary() {
        StringBuilder summary = new StringBuilder("\n\nEvent Planner local stack is up (Ctrl-C stops it)\n");
        summary.append(String.format("  %-24s %s%n", "load balancer", albUrl()));
        alb.describe().forEach(rule -> summary.append(String.format("    %s%n", rule)));
        for (ServiceProcess service : services) {
            summary.append(String.format("  %-24s http://127.0.0.1:%d  (log: %s)%n", service.service().moduleName(),
                    service.port(), service.log()));
        }
        for (String function : functions.names()) {
            summary.append(String.format("  %-24s started by its first invocation (log: %s)%n", function,
                    functions.logFile(function)));
        }
        eventSources.descriptions().forEach(source -> summary.append(String.format("  %-24s %s%n", "trigger", source)));
        infra.environment().forEach((name, value) -> summary.append(String.format("  %-24s %s%n", name, value)));
        return summary.toString();
    }

    @Override
    public void close() {
        closeAll(List.of(functions, eventSources, alb));
        services.parallelStream().forEach(ServiceProcess::close);
        infra.close();
    }

    /** Closes in reverse order of starting. */
    private static void closeAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", started.get(i), e.toString());
            }
        }
    }

    public static void main(String[] args) throws Exception {
        LocalStack stack = start(Settings.fromEnvironment(projectRoot()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        log.info("Waiting for the services' health checks (logs: {})", stack.logs);
        try {
            stack.awaitHealthy(Duration.ofMinutes(10));
        } catch (IllegalStateException e) {
            log.error("The local stack did not come up: {}", e.getMessage());
            System.exit(1);
        }
        log.info(stack.summary());
        stopped.await();
    }

    private static int port(String variable, int fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    public static Path projectRoot() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IOException("template.yaml not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
