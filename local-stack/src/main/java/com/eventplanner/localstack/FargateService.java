package com.eventplanner.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** The Fargate services of template.yaml, with the port and database each task gets there. */
enum FargateService {
    AUTH("auth-service", 8081, "auth"),
    BOOKING("booking-service", 8083, "booking");

    private final String moduleName;
    private final int port;
    private final String database;

    FargateService(String moduleName, int port, String database) {
        this.moduleName = moduleName;
        this.port = port;
        this.database = database;
    }

    String moduleName() {
        return moduleName;
    }

    int port() {
        return port;
    }

    String database() {
        return database;
    }

    String jarPattern() {
        return "fargate-services/" + moduleName + "/target/" + moduleName + "-*.jar";
    }

    /** The executable jar Maven built, if any. */
    Optional<Path> jar(Path root) {
        Path target = root.resolve("fargate-services").resolve(moduleName).resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().startsWith(moduleName + "-"))
                    .filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .filter(f -> !f.getFileName().toString().endsWith("-plain.jar"))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
