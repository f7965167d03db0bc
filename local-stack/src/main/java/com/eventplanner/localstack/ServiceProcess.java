package com.eventplanner.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A Spring Boot service in its own JVM, as in its own Fargate task, with the heap settings of a 512 MB task. */
record ServiceProcess(FargateService service, int port, Process process, Path log) implements AutoCloseable {

    static ServiceProcess start(FargateService service, int port, Path jar, Map<String, String> environment,
            Path logs) {
        try {
            Files.createDirectories(logs);
            Path log = logs.resolve(service.moduleName() + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // serial GC and C1 only: a quick start and little CPU on a laptop shared with the rest of the stack
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "-XX:MaxRAMPercentage=75", "-Xmx384m",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("SERVER_PORT", String.valueOf(port));
            return new ServiceProcess(service, port, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + service.moduleName(), e);
        }
    }

    /** Whether {@code /actuator/health} answers 200, as the target group's health check asks. */
    boolean healthy(HttpClient client) {
        if (!process.isAlive()) {
            throw new IllegalStateException(service.moduleName() + " exited with " + process.exitValue() + "; see " + log);
        }
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM first, so Boot's graceful shutdown drains requests, as ECS does on a deployment. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
