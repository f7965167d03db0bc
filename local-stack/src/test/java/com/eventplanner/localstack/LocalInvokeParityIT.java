package com.eventplanner.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.localinvoke.FunctionSpec;
import com.eventplanner.localinvoke.JarMigrations;
import com.eventplanner.localinvoke.LocalInvoke;
import com.eventplanner.localinvoke.SamTemplate;
import com.eventplanner.localstack.lambda.FunctionEnvironment;
import com.eventplanner.localstack.lambda.TokenIssuer;
import com.eventplanner.security.Role;
import com.eventplanner.testsupport.Fixtures;
import com.eventplanner.testsupport.TestAuthority;
import com.eventplanner.testsupport.WithLocalInfrastructure;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code sam local invoke} parity for the whole template: every {@code AWS::Serverless::Function} of template.yaml,
 * with every fixture of its folder {@code events/<logical id without Function, kebab case>/}, run by the project's
 * LocalInvoke command on the built jar in a fresh JVM, as {@code sam local invoke <LogicalId> -e <fixture>} runs it.
 * A function without fixtures fails. Fixtures are used as written, except that {@code ${<ROLE>_TOKEN}} becomes an
 * access token of a user with that role (what the README tells a user to do). Outcomes are checked by the fixture's
 * kind and name: see {@link #checkOutcome}.
 */
@WithLocalInfrastructure
class LocalInvokeParityIT {

    private static final String ISSUER = "https://api.eventplanner.test/api/auth";
    private static final String AUDIENCE = "eventplanner-api";
    private static final Pattern TOKEN = Pattern.compile("\\$\\{([A-Z]+)_TOKEN}");
    private static final Pattern RESOURCE_ID = Pattern.compile("/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /**
     * Fixture folders whose records name state that only a service creates (no fixture can), so that in a fresh stack
     * every record is reported failed: retried, then dead-lettered, never acknowledged and lost.
     */
    private static final Map<String, String> RETRIED_IN_A_FRESH_STACK = Map.of(
            "payment-completed-booking", "the payments are for bookings that only booking-service creates");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path ROOT = Fixtures.eventsDirectory().getParent();
    private static final Path TEMPLATE = ROOT.resolve("template.yaml");

    @TempDir
    static Path dir;
    private static TestAuthority authority;
    private static Path envVars;

    @BeforeAll
    static void environment(LocalInfrastructure infra) throws IOException {
        authority = new TestAuthority(ISSUER, AUDIENCE, infra.redisUri());
        TokenIssuer tokens = new TokenIssuer(authority.jwksUrl(), ISSUER, AUDIENCE);
        SamTemplate template = SamTemplate.load(TEMPLATE);
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        for (String logicalId : template.functionIds()) {
            FunctionSpec function = template.function(logicalId, Map.of());
            sections.put(logicalId, FunctionEnvironment.of(function, infra, tokens));
            if (function.database().isPresent()) {
                JarMigrations.apply(function.codeUri(), infra.dataSource(function.database().get()));
            }
        }
        envVars = dir.resolve("env.json");
        Files.writeString(envVars, JSON.writeValueAsString(sections));
    }

    @AfterAll
    static void stop() {
        authority.close();
    }

    @TestFactory
    Stream<DynamicNode> everyFunctionOfTheTemplateRunsEveryFixtureOfItsFolder() throws IOException {
        SamTemplate template = SamTemplate.load(TEMPLATE);
        List<DynamicNode> functions = new ArrayList<>();
        for (String logicalId : template.functionIds()) {
            FunctionSpec function = template.function(logicalId, Map.of());
            Path folder = Fixtures.eventsDirectory().resolve(function.fixtureFolder());
            List<Path> fixtures = List.of();
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    fixtures = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
                }
            }
            if (fixtures.isEmpty()) {
                functions.add(DynamicTest.dynamicTest(logicalId + " has fixtures", () -> {
                    throw new AssertionError(logicalId + " has no fixture in " + ROOT.relativize(folder) + "/");
                }));
                continue;
            }
            functions.add(DynamicContainer.dynamicContainer(logicalId, fixtures.stream().map(fixture ->
                    DynamicTest.dynamicTest(function.fixtureFolder() + "/" + fixture.getFileName(),
                            () -> invoke(function, fixture)))));
        }
        assertThat(functions).as("functions in %s", TEMPLATE).isNotEmpty();
        return functions.stream();
    }

    private static void invoke(FunctionSpec function, Path fixture) throws IOException, InterruptedException {
        assertThat(function.codeUri()).as("%s's CodeUri: build it (./mvnw -DskipTests package)", function.logicalId())
                .isRegularFile();
        String name = function.fixtureFolder() + "/" + fixture.getFileName();
        Path event = dir.resolve(name.replace('/', '_'));
        Files.writeString(event, withTokens(Files.readString(fixture, StandardCharsets.UTF_8)));
        Path log = Files.createDirectories(Path.of("target", "local-invoke")).resolve(name.replace('/', '_') + ".log");
        LocalInvoke.Result result;
        try (PrintStream logs = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            result = LocalInvoke.invoke(new LocalInvoke.Options(function.logicalId(), event, TEMPLATE, envVars,
                    Map.of()), logs);
        }
        assertThat(result.exitCode()).as("%s: %s (function log: %s)", name, result.response(), log).isZero();
        checkOutcome(name, JSON.readTree(event.toFile()), JSON.readTree(result.response()));
    }

    /** The documented placeholders become tokens of users with that role and live sessions. */
    private static String withTokens(String fixture) {
        Matcher matcher = TOKEN.matcher(fixture);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Role role = Role.valueOf(matcher.group(1));
            UUID user = UUID.randomUUID();
            matcher.appendReplacement(out, authority.token(user, user + "@example.com", role));
        }
        return matcher.appendTail(out).toString();
    }

    /**
     * ALB request: never 5xx; {@code *-invalid*} answers 400, {@code *-unauthenticated*} 401, {@code *-as-<role>*} 403,
     * any other 2xx, or 404 when its path names one resource by id (a fresh database holds none); every 4xx is an
     * RFC 9457 problem with that status. SQS batch: {@code poison*} reports some but not all records as failed, any
     * other none (in {@link #RETRIED_IN_A_FRESH_STACK}: all), and a failure always names a record of the batch.
     * Anything else (schedules): a JSON answer that is not an error.
     */
    private static void checkOutcome(String name, JsonNode event, JsonNode response) {
        String scenario = name.substring(name.lastIndexOf('/') + 1, name.length() - ".json".length());
        if (event.path("requestContext").has("elb")) {
            int status = response.path("statusCode").asInt();
            if (scenario.contains("invalid")) {
                assertThat(status).as("%s: %s", name, response).isEqualTo(400);
            } else if (scenario.contains("unauthenticated")) {
                assertThat(status).as("%s: %s", name, response).isEqualTo(401);
            } else if (scenario.contains("-as-")) {
                assertThat(status).as("%s: %s", name, response).isEqualTo(403);
            } else if (RESOURCE_ID.matcher(event.path("path").asString()).find()) {
                assertThat(status).as("%s: %s", name, response).isIn(200, 201, 202, 204, 404);
            } else {
                assertThat(status).as("%s: %s", name, response).isBetween(200, 299);
            }
            if (status >= 400) {
                JsonNode problem = JSON.readTree(response.path("body").asString());
                assertThat(problem.path("status").asInt()).as("%s: problem detail %s", name, problem).isEqualTo(status);
            }
        } else if (event.has("Records")) {
            Set<String> records = new HashSet<>();
            event.path("Records").forEach(record -> records.add(record.path("messageId").asString()));
            List<String> failures = new ArrayList<>();
            response.path("batchItemFailures").forEach(failure -> failures.add(failure.path("itemIdentifier").asString()));
            assertThat(response.has("batchItemFailures")).as("%s reports batch item failures: %s", name, response).isTrue();
            assertThat(records).as("%s: failures name records of the batch", name).containsAll(failures);
            String folder = name.substring(0, name.indexOf('/'));
            if (RETRIED_IN_A_FRESH_STACK.containsKey(folder)) {
                assertThat(failures).as("%s: %s", name, RETRIED_IN_A_FRESH_STACK.get(folder))
                        .containsExactlyInAnyOrderElementsOf(records);
            } else if (scenario.startsWith("poison")) {
                assertThat(failures).as("%s: the poison records fail, the others do not", name)
                        .isNotEmpty().hasSizeLessThan(records.size());
            } else {
                assertThat(failures).as("%s: %s", name, response).isEmpty();
            }
        } else {
            assertThat(response.isObject() && !response.has("errorMessage")).as("%s: %s", name, response).isTrue();
        }
    }
}
