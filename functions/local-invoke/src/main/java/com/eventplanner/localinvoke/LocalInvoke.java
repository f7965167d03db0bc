package com.eventplanner.localinvoke;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code sam local invoke <LogicalId> -e <event> [--env-vars env.json] [--parameter-overrides K=V ...]} does,
 * without Docker: reads the function's CodeUri, Handler, Timeout, MemorySize and environment (Globals included) from
 * {@code template.yaml}, starts a fresh JVM on the function jar plus the jars the Lambda Java runtime provides, runs
 * the handler once with the event file and prints the response on stdout (the function's logs go to stderr).
 * <p>
 * {@code --env-vars} takes SAM CLI's file format: {@code {"EventApiFunction": {"VAR": "value"}, "Parameters": {...}}},
 * where {@code Parameters} applies to every function. Variables the template leaves to deployed resources (topic
 * ARNs, database endpoints) are unset unless that file provides them, as with SAM CLI. AWS credentials and region are
 * passed on from this process's environment.
 */
public final class LocalInvoke {

    static final Duration INIT_ALLOWANCE = Duration.ofMinutes(2);
    private static final List<String> PASSED_THROUGH = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "PATH", "HOME", "LANG", "TMPDIR");

    public record Options(String logicalId, Path event, Path template, Path envVars, Map<String, String> parameters) {
    }

    public record Result(int exitCode, String response) {
    }

    private LocalInvoke() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: LocalInvoke <LogicalId> <event.json> [--template template.yaml] "
                    + "[--env-vars env.json] [--parameter-overrides Name=Value ...]");
            System.exit(2);
            return;
        }
        Result result = invoke(options, System.err);
        System.out.println(result.response());
        System.exit(result.exitCode());
    }

    static Options parse(String[] args) {
        List<String> positional = new ArrayList<>();
        String event = null;
        Path template = Path.of("template.yaml");
        Path envVars = null;
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--template", "-t" -> template = Path.of(value(args, ++i));
                case "--env-vars", "-n" -> envVars = Path.of(value(args, ++i));
                case "--event", "-e" -> event = value(args, ++i);
                case "--parameter-overrides" -> {
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        String[] pair = args[++i].split("=", 2);
                        if (pair.length != 2) {
                            throw new IllegalArgumentException("parameter override must be Name=Value: " + args[i]);
                        }
                        parameters.put(pair[0], pair[1]);
                    }
                }
                default -> positional.add(args[i]);
            }
        }
        if (event == null && positional.size() == 2) {
            event = positional.remove(1);
        }
        if (positional.size() != 1 || event == null) {
            throw new IllegalArgumentException("expected a logical id and an event file");
        }
        return new Options(positional.get(0), Path.of(event), template, envVars, parameters);
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException("missing value after " + args[index - 1]);
        }
        return args[index];
    }

    /** Runs the function once; the function's output is copied to {@code logs}. */
    public static Result invoke(Options options, PrintStream logs) throws IOException, InterruptedException {
        FunctionSpec function = SamTemplate.load(options.template()).function(options.logicalId(), options.parameters());
        if (!Files.isRegularFile(function.codeUri())) {
            throw new IllegalStateException(function.codeUri() + " does not exist: build the function first "
                    + "(./mvnw -q -pl functions/<module> -am package -DskipTests)");
        }
        if (!Files.isRegularFile(options.event())) {
            throw new IllegalArgumentException("no event file " + options.event());
        }
        Path response = Files.createTempFile("local-invoke-", ".json");
        try {
            ProcessBuilder process = new ProcessBuilder(command(function, options.event(), response));
            process.environment().clear();
            process.environment().putAll(environment(function, options));
            process.redirectErrorStream(true);
            Process child = process.start();
            Thread copier = new Thread(() -> copy(child.getInputStream(), logs), "local-invoke-logs");
            copier.start();
            long limit = INIT_ALLOWANCE.toSeconds() + function.timeoutSeconds();
            if (!child.waitFor(limit, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                copier.join(5_000);
                return new Result(124, "{\"errorMessage\":\"" + function.logicalId() + " did not finish within "
                        + limit + " s\",\"errorType\":\"Timeout\"}");
            }
            copier.join(5_000);
            return new Result(child.exitValue(), Files.readString(response, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(response);
        }
    }

    private static List<String> command(FunctionSpec function, Path event, Path response) {
        List<String> command = new ArrayList<>(RuntimeInterfaceClient.java(function.memoryMb()));
        command.add("-cp");
        command.add(String.join(File.pathSeparator, runtimeClasspath()) + File.pathSeparator + function.codeUri());
        command.add(Bootstrap.class.getName());
        command.add(function.handler());
        command.add(event.toAbsolutePath().toString());
        command.add(response.toString());
        return command;
    }

    /** This tool's Bootstrap and the jars the Lambda Java runtime holds (core types, event serialization). */
    private static List<String> runtimeClasspath() {
        List<String> entries = new ArrayList<>();
        for (String type : List.of(Bootstrap.class.getName(), "com.amazonaws.services.lambda.runtime.Context",
                "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers")) {
            try {
                Class<?> loaded = Class.forName(type, false, LocalInvoke.class.getClassLoader());
                entries.add(Path.of(loaded.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (ClassNotFoundException | URISyntaxException e) {
                throw new IllegalStateException("cannot locate " + type + " on the tool's classpath", e);
            }
        }
        return entries;
    }

    static Map<String, String> environment(FunctionSpec function, Options options) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String name : PASSED_THROUGH) {
            String value = System.getenv(name);
            if (value != null) {
                environment.put(name, value);
            }
        }
        environment.putIfAbsent("AWS_REGION", "us-east-1");
        environment.putAll(function.runtimeEnvironment());
        environment.putAll(function.environment());
        if (options.envVars() != null) {
            Map<String, Map<String, String>> overrides = EnvVarsFile.read(options.envVars());
            environment.putAll(overrides.getOrDefault("Parameters", Map.of()));
            environment.putAll(overrides.getOrDefault(function.logicalId(), Map.of()));
        }
        return environment;
    }

    private static void copy(InputStream from, PrintStream to) {
        try (from) {
            from.transferTo(to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SAM CLI's {@code --env-vars} file: an object of objects of strings. */
    static final class EnvVarsFile {

        private EnvVarsFile() {
        }

        static Map<String, Map<String, String>> read(Path file) {
            JsonNode root = JsonMapper.builder().build().readTree(file.toFile());
            Map<String, Map<String, String>> sections = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> section : root.properties()) {
                Map<String, String> values = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> entry : section.getValue().properties()) {
                    values.put(entry.getKey(), entry.getValue().asString());
                }
                sections.put(section.getKey(), values);
            }
            return sections;
        }
    }
}
