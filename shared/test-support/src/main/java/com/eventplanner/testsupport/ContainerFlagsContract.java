package com.eventplanner.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every Fargate service's test checks of its container's JVM flags: the task definition runs the Dockerfile's
 * flags word for word (its environment replaces the image's), and they bound every memory pool a 512 MB task holds.
 */
public abstract class ContainerFlagsContract {

    /** The service's task definition in template.yaml. */
    protected abstract String taskDefinition();

    @Test
    void templateRunsTheDockerfilesJvmFlags() {
        assertEquals(ContainerImage.javaToolOptions(),
                ContainerImage.taskEnvironment(taskDefinition(), "JAVA_TOOL_OPTIONS").orElse(null),
                "JAVA_TOOL_OPTIONS of " + taskDefinition());
        assertEquals(ContainerImage.mallocArenaMax(),
                ContainerImage.taskEnvironment(taskDefinition(), "MALLOC_ARENA_MAX").orElse(null),
                "MALLOC_ARENA_MAX of " + taskDefinition());
    }

    @Test
    void flagsFitA512MegabyteTask() {
        for (String flag : List.of("-XX:MaxRAMPercentage=", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=",
                "-XX:ReservedCodeCacheSize=", "-XX:MaxDirectMemorySize=", "-Xss", "-XX:+ExitOnOutOfMemoryError")) {
            assertTrue(ContainerImage.javaToolOptions().contains(flag), "the Dockerfile sets " + flag);
        }
        assertEquals("2", ContainerImage.mallocArenaMax(), "malloc arenas");
    }
}
