package com.eventplanner.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A Spring Boot service in its own JVM, as in its own Fargate task, with the heap settings of a 512 MB task. */
record ServiceProcess(FargateService service, Process process, Path log) implements AutoCloseable {

    static ServiceProcess start(FargateService service, Path jar, Map<String, String> environment, Path logs) {
        try {
            Files.createDirectories(logs);
            Path log = logs.resolve(service.moduleName() + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "-XX:MaxRAMPercentage=75", "-Xmx384m",
                    "-jar", jar.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            return new ServiceProcess(service, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + service.moduleName(), e);
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
