package com.eventplanner.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The task definition overrides the image's JAVA_TOOL_OPTIONS, so the two must say the same thing: the benchmark
 * measures RSS with the Dockerfile's flags, and that figure only holds if AWS runs them.
 */
class ContainerFlagsTest {

    private static final Pattern AUTH_JAVA_TOOL_OPTIONS = Pattern.compile(
            "(?s)\\n  AuthServiceTaskDefinition:.*?- Name: JAVA_TOOL_OPTIONS\\s*\\n\\s*Value: ([^\\n]+)");
    private static final Pattern AUTH_MALLOC_ARENA_MAX = Pattern.compile(
            "(?s)\\n  AuthServiceTaskDefinition:.*?- Name: MALLOC_ARENA_MAX\\s*\\n\\s*Value: \"?(\\d+)");

    @Test
    void templateRunsTheDockerfilesJvmFlags() throws Exception {
        Matcher task = AUTH_JAVA_TOOL_OPTIONS.matcher(Files.readString(Path.of("../../template.yaml")));

        assertThat(task.find()).as("JAVA_TOOL_OPTIONS in AuthServiceTaskDefinition").isTrue();
        assertThat(task.group(1).trim()).isEqualTo(ContainerImage.javaToolOptions());
        Matcher arenas = AUTH_MALLOC_ARENA_MAX.matcher(Files.readString(Path.of("../../template.yaml")));
        assertThat(arenas.find()).as("MALLOC_ARENA_MAX in AuthServiceTaskDefinition").isTrue();
        assertThat(arenas.group(1)).isEqualTo(ContainerImage.mallocArenaMax());
    }

    @Test
    void flagsFitA512MegabyteTask() {
        assertThat(ContainerImage.javaToolOptions())
                .contains("-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=", "-XX:ReservedCodeCacheSize=", "-Xss");
        assertThat(ContainerImage.mallocArenaMax()).isEqualTo("2");
    }
}
