package com.eventplanner.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM settings the Dockerfile gives the container, read from the Dockerfile itself so the benchmark and the
 * template check use exactly what ships.
 */
public final class ContainerImage {

    private static final Path DOCKERFILE = Path.of("Dockerfile");

    private ContainerImage() {
    }

    /** The value of {@code ENV JAVA_TOOL_OPTIONS}, continuation lines joined. */
    public static String javaToolOptions() {
        return env("JAVA_TOOL_OPTIONS=\"([^\"]*)\"");
    }

    public static String mallocArenaMax() {
        return env("MALLOC_ARENA_MAX=(\\d+)");
    }

    private static String env(String regex) {
        try {
            String dockerfile = Files.readString(DOCKERFILE).replaceAll("\\\\\\R\\s*", " ");
            Matcher matcher = Pattern.compile(regex).matcher(dockerfile);
            if (!matcher.find()) {
                throw new IllegalStateException("Dockerfile sets no " + regex);
            }
            return matcher.group(1).trim().replaceAll("\\s+", " ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
