package com.eventplanner.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM settings a Fargate service's Dockerfile gives its container, and what its task definition in template.yaml
 * passes, read from the files themselves: a task definition's environment replaces the image's, so anything measured
 * with the Dockerfile's flags only holds in AWS if the two agree. Paths are relative to the service's module, where
 * its tests run.
 */
public final class ContainerImage {

    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final Path TEMPLATE = Path.of("../../template.yaml");
    private static final Pattern TOP_LEVEL_KEY = Pattern.compile("\\n  [A-Za-z]");

    private ContainerImage() {
    }

    /** The value of {@code ENV JAVA_TOOL_OPTIONS}, continuation lines joined. */
    public static String javaToolOptions() {
        return env("JAVA_TOOL_OPTIONS=\"([^\"]*)\"");
    }

    public static String mallocArenaMax() {
        return env("MALLOC_ARENA_MAX=(\\d+)");
    }

    /** The value the task definition {@code logicalId} of template.yaml gives the variable {@code name}. */
    public static Optional<String> taskEnvironment(String logicalId, String name) {
        String template = read(TEMPLATE);
        int start = template.indexOf("\n  " + logicalId + ":");
        if (start < 0) {
            throw new IllegalStateException("template.yaml has no resource " + logicalId);
        }
        Matcher next = TOP_LEVEL_KEY.matcher(template);
        String resource = template.substring(start, next.find(start + 1) ? next.start() : template.length());
        Matcher variable = Pattern.compile("- Name: " + Pattern.quote(name) + "\\s*\\n\\s*Value: ([^\\n]+)")
                .matcher(resource);
        return variable.find() ? Optional.of(variable.group(1).trim().replaceAll("^\"|\"$", "")) : Optional.empty();
    }

    private static String env(String regex) {
        String dockerfile = read(DOCKERFILE).replaceAll("\\\\\\R\\s*", " ");
        Matcher matcher = Pattern.compile(regex).matcher(dockerfile);
        if (!matcher.find()) {
            throw new IllegalStateException("Dockerfile sets no " + regex);
        }
        return matcher.group(1).trim().replaceAll("\\s+", " ");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
