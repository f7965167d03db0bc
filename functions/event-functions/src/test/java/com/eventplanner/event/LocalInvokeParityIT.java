package com.eventplanner.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.localinvoke.FunctionSpec;
import com.eventplanner.localinvoke.LocalInvoke;
import com.eventplanner.localinvoke.SamTemplate;
import com.eventplanner.testsupport.Fixtures;
import com.eventplanner.testsupport.WithLocalInfrastructure;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code sam local invoke} parity: every function of template.yaml built from this module's jar, with every fixture
 * of its folder in {@code events/} (bean name in kebab case), run by the project's LocalInvoke command on the shaded
 * jar in a fresh JVM. The fixtures are used unchanged, so those needing a caller's token answer 401.
 */
@WithLocalInfrastructure
class LocalInvokeParityIT {

    /** The module's two jars: every function's, and the same plus Flyway for the migrating OutboxSweepFunction. */
    private static final List<String> JARS = List.of("functions/event-functions/target/event-functions-aws.jar",
            "functions/event-functions/target/event-functions-with-flyway-aws.jar");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Integer> EXPECTED_STATUS = Map.of(
            "event-api/get.json", 404,
            "event-api/list.json", 200,
            "event-api/list-invalid.json", 400);
    private static final Map<String, Integer> EXPECTED_FAILURES = Map.of(
            "booking-created-event/normal.json", 0,
            "booking-created-event/duplicate.json", 0,
            "booking-created-event/poison.json", 2);

    @TempDir
    static Path dir;
    private static TestTokens tokens;
    private static Path envVars;

    @BeforeAll
    static void environment(LocalInfrastructure infra) throws IOException {
        Invokers.migrate(infra);
        tokens = new TestTokens();
        Map<String, String> values = new LinkedHashMap<>(infra.environment());
        values.put("SPRING_DATASOURCE_URL", infra.jdbcUrl("event"));
        values.put("AUTH_JWKS_URL", tokens.jwksUrl());
        values.put("AUTH_ISSUER", TestTokens.ISSUER);
        values.put("AUTH_AUDIENCE", TestTokens.AUDIENCE);
        values.put("DATABASE_IAM_AUTH", "false");
        values.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -Xshare:auto");
        envVars = dir.resolve("env.json");
        Files.writeString(envVars, JSON.writeValueAsString(Map.of("Parameters", values)));
    }

    @AfterAll
    static void stop() {
        tokens.close();
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureRunsThroughTheTemplatesHandlerOnTheShadedJar() throws IOException {
        Path root = Fixtures.eventsDirectory().getParent();
        Path templateFile = root.resolve("template.yaml");
        SamTemplate template = SamTemplate.load(templateFile);
        List<DynamicTest> tests = new ArrayList<>();
        for (String logicalId : template.functionIds()) {
            FunctionSpec function = template.function(logicalId, Map.of());
            if (JARS.stream().map(jar -> root.resolve(jar).normalize()).noneMatch(function.codeUri()::equals)) {
                continue;
            }
            String folder = kebab(function.environment().get("SPRING_CLOUD_FUNCTION_DEFINITION"));
            List<Path> fixtures;
            try (Stream<Path> files = Files.list(root.resolve("events").resolve(folder))) {
                fixtures = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            }
            assertThat(fixtures).as("fixtures of %s in events/%s", logicalId, folder).isNotEmpty();
            for (Path fixture : fixtures) {
                String name = folder + "/" + fixture.getFileName();
                tests.add(DynamicTest.dynamicTest(logicalId + " " + name, () -> {
                    Path log = Files.createDirectories(Path.of("target", "local-invoke"))
                            .resolve(name.replace('/', '_') + ".log");
                    LocalInvoke.Result result;
                    try (PrintStream logs = new PrintStream(Files.newOutputStream(log), true)) {
                        result = LocalInvoke.invoke(new LocalInvoke.Options(logicalId, fixture, templateFile, envVars,
                                Map.of()), logs);
                    }
                    assertThat(result.exitCode()).as("%s, function log in %s", result.response(), log).isZero();
                    check(name, JSON.readTree(result.response()));
                }));
            }
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(14);
        return tests.stream();
    }

    private static void check(String fixture, JsonNode response) {
        if (fixture.startsWith("event-api/")) {
            int status = response.get("statusCode").asInt();
            int expected = EXPECTED_STATUS.getOrDefault(fixture, 401);
            assertThat(status).as(fixture + ": " + response).isEqualTo(expected);
        } else if (fixture.startsWith("booking-created-event/")) {
            assertThat(response.get("batchItemFailures").size()).as(fixture + ": " + response)
                    .isEqualTo(EXPECTED_FAILURES.get(fixture));
        } else {
            assertThat(response.get("published").asInt()).as(fixture + ": " + response).isGreaterThanOrEqualTo(0);
        }
    }

    private static String kebab(String beanName) {
        return beanName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
