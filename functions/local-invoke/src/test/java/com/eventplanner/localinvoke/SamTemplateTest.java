package com.eventplanner.localinvoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamTemplateTest {

    private static final String TEMPLATE = """
            Parameters:
              Stage:
                Type: String
                Default: dev
              ApiDomainName:
                Type: String
                Default: api.example.com
            Globals:
              Function:
                Runtime: java21
                Handler: org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest
                Timeout: 5
                MemorySize: 1024
                Environment:
                  Variables:
                    EVENT_TOPIC_ARN: !Ref EventTopic
                    AUTH_ISSUER: !Sub "https://${ApiDomainName}/api/auth"
                    AUTH_AUDIENCE: eventplanner-api
                    REDIS_URL: !Sub "rediss://${Redis.PrimaryEndPoint.Address}:6379"
            Resources:
              EventTopic:
                Type: AWS::SNS::Topic
              EventApiFunction:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: functions/event-functions/target/event-functions-aws.jar
                  Timeout: 10
                  Environment:
                    Variables:
                      SPRING_CLOUD_FUNCTION_DEFINITION: eventApi
                      STAGE: !Ref Stage
                      SPRING_DATASOURCE_URL: !Sub jdbc:postgresql://${EventDatabaseProxy.Endpoint}:5432/event?sslmode=require
            """;

    @TempDir
    Path dir;

    @Test
    void readsAFunctionLikeSamCli() throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, TEMPLATE);
        FunctionSpec function = SamTemplate.load(file).function("EventApiFunction", Map.of("Stage", "prod"));

        assertThat(function.codeUri()).isEqualTo(dir.resolve("functions/event-functions/target/event-functions-aws.jar"));
        assertThat(function.handler()).endsWith("FunctionInvoker::handleRequest");
        assertThat(function.timeoutSeconds()).as("own value over Globals").isEqualTo(10);
        assertThat(function.memoryMb()).as("from Globals").isEqualTo(1024);
        assertThat(function.environment())
                .containsEntry("SPRING_CLOUD_FUNCTION_DEFINITION", "eventApi")
                .containsEntry("AUTH_AUDIENCE", "eventplanner-api")
                .containsEntry("AUTH_ISSUER", "https://api.example.com/api/auth")
                .containsEntry("STAGE", "prod")
                .doesNotContainKeys("EVENT_TOPIC_ARN", "REDIS_URL", "SPRING_DATASOURCE_URL");
        assertThat(function.database()).as("read from the unresolved datasource URL").contains("event");
        assertThat(function.fixtureFolder()).isEqualTo("event-api");
    }

    @Test
    void anUnknownFunctionNamesTheKnownOnes() throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, TEMPLATE);
        assertThatThrownBy(() -> SamTemplate.load(file).function("Nope", Map.of()))
                .hasMessageContaining("EventApiFunction");
    }

    @Test
    void theRepositoryTemplateDeclaresTheEventFunctions() {
        SamTemplate template = SamTemplate.load(Path.of("../../template.yaml"));
        // the sweep, which migrates database event, runs the same jar plus Flyway (functions/README.md)
        for (var expected : Map.of("EventApiFunction", "eventApi:event-functions-aws.jar",
                "BookingCreatedEventFunction", "bookingCreatedEvent:event-functions-aws.jar",
                "OutboxSweepFunction", "outboxSweep:event-functions-with-flyway-aws.jar").entrySet()) {
            String[] definitionAndJar = expected.getValue().split(":");
            FunctionSpec function = template.function(expected.getKey(), Map.of());
            assertThat(function.environment())
                    .containsEntry("SPRING_CLOUD_FUNCTION_DEFINITION", definitionAndJar[0]);
            assertThat(function.codeUri().toString())
                    .endsWith("functions/event-functions/target/" + definitionAndJar[1]);
        }
    }

    @Test
    void theRepositoryTemplateNamesEventSourcesAndListenerRules() {
        SamTemplate template = SamTemplate.load(Path.of("../../template.yaml"));
        assertThat(template.events("BookingCreatedEventFunction"))
                .containsExactly(new EventSource.Sqs("booking-created-event-queue", 10, true));
        assertThat(template.events("HoldExpiryFunction")).singleElement()
                .isInstanceOfSatisfying(EventSource.Schedule.class,
                        schedule -> assertThat(schedule.rate()).isEqualTo(Duration.ofMinutes(1)));
        assertThat(template.events("EventApiFunction")).isEmpty();

        LoadBalancerSpec alb = template.loadBalancer();
        assertThat(alb.rules()).extracting(LoadBalancerSpec.Rule::priority).isSorted();
        assertThat(route(alb, "/api/events/7d9c/publish").function()).isEqualTo("EventApiFunction");
        assertThat(route(alb, "/api/events").function()).isEqualTo("EventApiFunction");
        assertThat(route(alb, "/api/bookings").port()).isEqualTo(8083);
        assertThat(route(alb, "/api/auth/login").port()).isEqualTo(8081);
        assertThat(alb.rules()).noneMatch(rule -> rule.matches("/api/eventsx") || rule.matches("/actuator/health"));
        assertThat(alb.defaultResponse().status()).isEqualTo(404);
    }

    private static LoadBalancerSpec.Rule route(LoadBalancerSpec alb, String path) {
        return alb.rules().stream().filter(rule -> rule.matches(path)).findFirst().orElseThrow();
    }

    @Test
    void parsesSamCliArguments() {
        LocalInvoke.Options options = LocalInvoke.parse(new String[] {"EventApiFunction", "-e", "events/x.json",
                "--env-vars", "env.json", "--parameter-overrides", "Stage=prod", "ApiDomainName=a.b"});
        assertThat(options.logicalId()).isEqualTo("EventApiFunction");
        assertThat(options.event()).isEqualTo(Path.of("events/x.json"));
        assertThat(options.parameters()).containsEntry("Stage", "prod").containsEntry("ApiDomainName", "a.b");
        assertThatThrownBy(() -> LocalInvoke.parse(new String[] {"EventApiFunction"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
