package com.eventplanner.benchmarks.coldstart;

import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.localinvoke.FunctionSpec;
import com.eventplanner.localinvoke.JarMigrations;
import com.eventplanner.localinvoke.RuntimeApi;
import com.eventplanner.localinvoke.RuntimeInterfaceClient;
import com.eventplanner.localinvoke.SamTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Cold start of every function of template.yaml whose jar is built — a fresh JVM to the first response, through the
 * real Lambda runtime interface client against a local Runtime API — next to a plain {@code RequestHandler} started
 * the same way in the same run, and two floors: one function under Spring Boot and Spring Cloud Function with nothing
 * else, and the same with functional registration, on the first function jar's class path (what the framework costs
 * before any code of ours). Each jar's database is migrated first, as the deploy step does (the functions never
 * run Flyway); each function then runs once unmeasured (file cache), then {@code -Druns} times; the median is
 * reported. This is a cold start without SnapStart: in Lambda the snapshot
 * replaces most of it. Target: ratio <= 2.
 */
public final class ColdStartBenchmark {

    private static final List<String> PREFERRED_FIXTURES =
            List.of("list.json", "normal.json", "scheduled.json", "get.json");
    private static final String INVOKER =
            "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";
    private static final List<Floor> FLOORS = List.of(
            new Floor("Spring Boot + Spring Cloud Function, one function", "SpringCloudFunctionFloor"),
            new Floor("functional registration, one function", "FunctionalRegistrationFloor"));

    /** A start class of this package run by {@code FunctionInvoker} on a function jar's class path. */
    private record Floor(String label, String mainClass) {

        Map<String, String> environment(Map<String, String> lambda) {
            Map<String, String> environment = new LinkedHashMap<>(lambda);
            environment.put("MAIN_CLASS", ColdStartBenchmark.class.getPackageName() + "." + mainClass);
            environment.put("SPRING_CLOUD_FUNCTION_DEFINITION", "echo");
            // functional registration would also scan a package named "functions" for function classes
            environment.put("SPRING_CLOUD_FUNCTION_SCAN_ENABLED", "false");
            return environment;
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("runs", 3);
        // -Dfunctions=EventApiFunction,...: measure only these (profiling one function), every built one by default
        List<String> only = List.of(System.getProperty("functions", "").split(",")).stream()
                .filter(id -> !id.isBlank()).toList();
        Path root = projectRoot();
        SamTemplate template = SamTemplate.load(root.resolve("template.yaml"));
        Path logs = Files.createDirectories(root.resolve("benchmarks/target/cold-start"));
        try (LocalInfrastructure infra = LocalInfrastructure.start()) {
            String javaToolOptions = template.function(template.functionIds().get(0), Map.of()).environment()
                    .getOrDefault("JAVA_TOOL_OPTIONS", "");
            Path baselineEvent = root.resolve("events/hold-expiry/scheduled.json");
            Path baselineCode = Path.of(PlainHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Map<String, String> baselineEnvironment = lambdaEnvironment("PlainHandler", 1024, javaToolOptions);
            double baseline = median(runs, () -> coldStart("PlainHandler", List.of(baselineCode),
                    PlainHandler.class.getName() + "::handleRequest", 1024, baselineEnvironment, baselineEvent,
                    logs.resolve("plain-handler.log")));

            // the floors run on the first built function jar; -Dfloors=false leaves them out (profiling one function)
            Map<String, Double> floors = new LinkedHashMap<>();
            Path floorCode = template.functionIds().stream().map(id -> template.function(id, Map.of()).codeUri())
                    .filter(Files::isRegularFile).findFirst().orElse(null);
            if (floorCode != null && Boolean.parseBoolean(System.getProperty("floors", "true"))) {
                List<Path> code = List.of(floorJar(logs.resolve("floors.jar")), floorCode);
                for (Floor floor : FLOORS) {
                    Map<String, String> environment = floor.environment(
                            lambdaEnvironment(floor.mainClass(), 1024, javaToolOptions));
                    Path log = logs.resolve(floor.mainClass() + ".log");
                    coldStart(floor.mainClass(), code, INVOKER, 1024, environment, baselineEvent, log);
                    floors.put(floor.label(), median(runs, () -> coldStart(floor.mainClass(), code, INVOKER,
                            1024, environment, baselineEvent, log)));
                }
            }

            Map<String, Double> results = new LinkedHashMap<>();
            for (String id : template.functionIds()) {
                if (!only.isEmpty() && !only.contains(id)) {
                    continue;
                }
                FunctionSpec function = template.function(id, Map.of());
                if (!Files.isRegularFile(function.codeUri())) {
                    System.out.println(id + ": " + function.codeUri() + " not built, skipped");
                    continue;
                }
                Path event = fixture(root.resolve("events").resolve(function.fixtureFolder()));
                Map<String, String> environment = functionEnvironment(function, infra, javaToolOptions);
                if (function.database().isPresent()) {
                    JarMigrations.apply(function.codeUri(), infra.dataSource(function.database().get()));
                }
                Path log = logs.resolve(id + ".log");
                List<Path> code = List.of(function.codeUri());
                coldStart(id, code, function.handler(), function.memoryMb(), environment, event, log);
                results.put(id, median(runs, () -> coldStart(id, code, function.handler(),
                        function.memoryMb(), environment, event, log)));
            }

            System.out.printf(Locale.ROOT, "%ncold start, fresh JVM to first response through the Lambda runtime "
                    + "interface client (median of %d, %d cores, JAVA_TOOL_OPTIONS=%s)%n", runs,
                    Runtime.getRuntime().availableProcessors(), javaToolOptions);
            System.out.printf(Locale.ROOT, "  %-56s %7.0f ms%n", "baseline: plain RequestHandler", baseline);
            floors.forEach((label, ms) -> System.out.printf(Locale.ROOT, "  %-56s %7.0f ms   ratio %.1f%n",
                    "floor: " + label, ms, ms / baseline));
            if (!floors.isEmpty()) {
                System.out.printf(Locale.ROOT, "  (floors on the class path of %s)%n", floorCode.getFileName());
            }
            results.forEach((id, ms) -> System.out.printf(Locale.ROOT, "  %-56s %7.0f ms   ratio %.1f%n", id, ms,
                    ms / baseline));
            System.out.printf(Locale.ROOT, "  target: ratio <= 2 (logs in %s)%n%n", logs);
        }
    }

    private interface Run {
        double millis() throws Exception;
    }

    private static double median(int runs, Run run) throws Exception {
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            samples.add(run.millis());
        }
        samples.sort(Double::compare);
        return samples.get(samples.size() / 2);
    }

    private static double coldStart(String name, List<Path> code, String handler, int memoryMb,
            Map<String, String> environment, Path event, Path log) throws Exception {
        try (RuntimeApi api = new RuntimeApi(name)) {
            ProcessBuilder builder = new ProcessBuilder(RuntimeInterfaceClient.command(code, handler, memoryMb))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().clear();
            builder.environment().putAll(environment);
            builder.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
            long start = System.nanoTime();
            CompletableFuture<RuntimeApi.Outcome> response =
                    api.invoke(Files.readString(event, StandardCharsets.UTF_8), Duration.ofMinutes(5));
            Process process = builder.start();
            try {
                RuntimeApi.Outcome outcome = response.get(180, TimeUnit.SECONDS);
                if (outcome.error()) {
                    throw new IllegalStateException(name + " failed: " + outcome.body() + " (log: " + log + ")");
                }
                return (outcome.receivedAtNanos() - start) / 1e6;
            } finally {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static Map<String, String> lambdaEnvironment(String name, int memoryMb, String javaToolOptions) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_LAMBDA_FUNCTION_NAME", name);
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(memoryMb));
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
        environment.put("JAVA_TOOL_OPTIONS", javaToolOptions);
        environment.put("TZ", ":UTC");
        return environment;
    }

    /** The template's environment, with every AWS endpoint pointed at the local infrastructure. */
    private static Map<String, String> functionEnvironment(FunctionSpec function, LocalInfrastructure infra,
            String javaToolOptions) {
        Map<String, String> environment = lambdaEnvironment(function.logicalId(), function.memoryMb(),
                javaToolOptions);
        environment.putAll(function.environment());
        environment.putAll(infra.environment());
        function.database().ifPresent(database -> environment.put("SPRING_DATASOURCE_URL", infra.jdbcUrl(database)));
        environment.put("DATABASE_IAM_AUTH", "false");
        environment.remove("MONGODB_URI_SECRET_ARN");
        environment.put("AUTH_JWKS_URL", "http://127.0.0.1:9/jwks.json");
        return environment;
    }

    /** The floors' classes alone, so that this module's logging set-up stays out of their class path. */
    private static Path floorJar(Path file) throws IOException {
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file))) {
            for (Floor floor : FLOORS) {
                String entry = ColdStartBenchmark.class.getPackageName().replace('.', '/') + "/"
                        + floor.mainClass() + ".class";
                jar.putNextEntry(new JarEntry(entry));
                try (InputStream bytes = ColdStartBenchmark.class.getClassLoader().getResourceAsStream(entry)) {
                    if (bytes == null) {
                        throw new IOException("no " + entry + " on the class path (a floor has only its own class)");
                    }
                    bytes.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return file;
    }

    private static Path fixture(Path folder) throws IOException {
        for (String preferred : PREFERRED_FIXTURES) {
            if (Files.isRegularFile(folder.resolve(preferred))) {
                return folder.resolve(preferred);
            }
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
        }
    }

    private static Path projectRoot() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("template.yaml"))) {
                return dir;
            }
        }
        throw new IOException("template.yaml not found");
    }

    private ColdStartBenchmark() {
    }
}
