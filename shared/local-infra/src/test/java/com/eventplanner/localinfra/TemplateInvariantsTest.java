package com.eventplanner.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import com.eventplanner.contracts.Destinations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules template.yaml must keep (seed sections 4, 7, 9, 11; ARCHITECTURE.md): checked on the template itself, so
 * a change that breaks one fails the build before anyone deploys it.
 */
class TemplateInvariantsTest {

    private static final Path TEMPLATE_PATH = CloudFormationTemplate.locate(Path.of("")).orElseThrow();
    private final CloudFormationTemplate template = CloudFormationTemplate.load(TEMPLATE_PATH);

    @Test
    void everySeedQueueHasItsRetentionVisibilityAndDeadLetterQueue() {
        for (String queue : Destinations.QUEUES) {
            Map<String, Object> properties = queueProperties(queue);
            assertThat(number(properties.get("MessageRetentionPeriod"))).as(queue).isEqualTo(4 * 24 * 3600);
            assertThat(number(properties.get("VisibilityTimeout"))).as(queue).isEqualTo(30);
        }
    }

    @Test
    void everyQueueHasItsOwnDeadLetterQueueAfterThreeReceives() {
        List<String> queues = resourcesOfType("AWS::SQS::Queue").stream()
                .filter(id -> !queueName(id).endsWith(Destinations.DLQ_SUFFIX)).toList();
        assertThat(queues).hasSizeGreaterThanOrEqualTo(Destinations.QUEUES.size());
        for (String id : queues) {
            Map<String, Object> redrive = map(template.properties(id).get("RedrivePolicy"));
            assertThat(number(redrive.get("maxReceiveCount"))).as(id).isEqualTo(3);
            String dlq = getAttTarget(redrive.get("deadLetterTargetArn"));
            assertThat(queueName(dlq)).isEqualTo(Destinations.deadLetterQueue(queueName(id)));
            assertThat(number(template.properties(dlq).get("MessageRetentionPeriod"))).as(dlq)
                    .isEqualTo(14 * 24 * 3600);
            assertThat(resourcesOfType("AWS::CloudWatch::Alarm").stream()
                    .map(template::properties)
                    .anyMatch(alarm -> String.valueOf(alarm.get("Dimensions")).contains(dlq)))
                    .as("alarm on the depth of " + dlq).isTrue();
        }
    }

    @Test
    void everyFunctionIsASnapStartAliasWithBatchFailuresAndATimeoutASixthOfItsQueuesVisibility() {
        Map<String, Object> globals = map(map(template.section("Globals")).get("Function"));
        assertThat(globals.get("Runtime")).isEqualTo("java21");
        assertThat(globals.get("AutoPublishAlias")).isEqualTo("live");
        assertThat(map(globals.get("SnapStart")).get("ApplyOn")).isEqualTo("PublishedVersions");
        assertThat(globals.get("Tracing")).isEqualTo("Disabled");
        List<String> functions = resourcesOfType("AWS::Serverless::Function");
        assertThat(functions).isNotEmpty();
        for (String function : functions) {
            Map<String, Object> properties = template.properties(function);
            assertThat(properties).as(function).doesNotContainKeys("AutoPublishAlias", "SnapStart", "Runtime");
            int timeout = number(properties.getOrDefault("Timeout", globals.get("Timeout")));
            for (Object eventValue : map(properties.get("Events")).values()) {
                Map<String, Object> event = map(eventValue);
                if (!"SQS".equals(event.get("Type"))) {
                    continue;
                }
                Map<String, Object> source = map(event.get("Properties"));
                assertThat(source.get("FunctionResponseTypes")).as(function)
                        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                        .contains("ReportBatchItemFailures");
                assertThat(source).as(function).containsKeys("BatchSize", "ScalingConfig");
                String queue = getAttTarget(source.get("Queue"));
                assertThat(number(template.properties(queue).get("VisibilityTimeout"))).as(function + " on " + queue)
                        .isGreaterThanOrEqualTo(6 * timeout);
            }
            String logGroup = refTarget(map(properties.get("LoggingConfig")).get("LogGroup"));
            assertThat(template.type(logGroup)).isEqualTo("AWS::Logs::LogGroup");
            assertThat(number(template.properties(logGroup).get("RetentionInDays"))).as(function).isEqualTo(7);
        }
    }

    @Test
    void everyFunctionHasFixturesInEvents() throws IOException {
        Path events = TEMPLATE_PATH.getParent().resolve("events");
        for (String function : resourcesOfType("AWS::Serverless::Function")) {
            Path folder = events.resolve(fixtureFolder(function));
            assertThat(folder).as("fixtures of " + function).isDirectory();
            try (Stream<Path> files = Files.list(folder)) {
                assertThat(files.filter(f -> f.toString().endsWith(".json"))).as(function).isNotEmpty();
            }
        }
    }

    @Test
    void serviceTargetGroupsCheckHealthAndDrainPerSeed() {
        List<String> ipGroups = resourcesOfType("AWS::ElasticLoadBalancingV2::TargetGroup").stream()
                .filter(id -> "ip".equals(template.properties(id).get("TargetType"))).toList();
        assertThat(ipGroups).hasSize(2);
        for (String group : ipGroups) {
            Map<String, Object> properties = template.properties(group);
            assertThat(properties.get("HealthCheckPath")).isEqualTo("/actuator/health");
            assertThat(number(properties.get("HealthCheckIntervalSeconds"))).isEqualTo(30);
            assertThat(number(properties.get("HealthCheckTimeoutSeconds"))).isEqualTo(5);
            assertThat(number(properties.get("HealthyThresholdCount"))).isEqualTo(2);
            assertThat(number(properties.get("UnhealthyThresholdCount"))).isEqualTo(3);
            assertThat(String.valueOf(properties.get("TargetGroupAttributes")))
                    .contains("deregistration_delay.timeout_seconds").contains("30");
        }
    }

    @Test
    void albRoutesEachApiToItsTarget() {
        Map<String, String> targets = new java.util.HashMap<>();
        for (String rule : resourcesOfType("AWS::ElasticLoadBalancingV2::ListenerRule")) {
            Map<String, Object> properties = template.properties(rule);
            String paths = String.valueOf(properties.get("Conditions"));
            String group = refTarget(map(((List<?>) properties.get("Actions")).get(0)).get("TargetGroupArn"));
            for (String api : List.of("/api/auth/*", "/api/bookings/*", "/api/events/*")) {
                if (paths.contains(api)) {
                    targets.put(api, group);
                }
            }
        }
        assertThat(targets).containsOnlyKeys("/api/auth/*", "/api/bookings/*", "/api/events/*");
        assertThat(template.properties(targets.get("/api/auth/*")).get("Port")).isEqualTo(8081);
        assertThat(template.properties(targets.get("/api/bookings/*")).get("Port")).isEqualTo(8083);
        Map<String, Object> events = template.properties(targets.get("/api/events/*"));
        assertThat(events.get("TargetType")).isEqualTo("lambda");
        assertThat(String.valueOf(events.get("Targets"))).as("the alias, not $LATEST").contains("EventApiFunction.Alias");
    }

    @Test
    void securityGroupsFollowSeedSection44() {
        assertThat(ingress("AlbSecurityGroup")).contains("tcp:443-443<0.0.0.0/0", "tcp:80-80<0.0.0.0/0");
        assertThat(ingress("EcsSecurityGroup")).contains("tcp:8080-8085<AlbSecurityGroup", "-1<EcsSecurityGroup");
        assertThat(egress("EcsSecurityGroup")).contains("tcp:5432-5432>RdsSecurityGroup",
                "tcp:27017-27017>DocumentDbSecurityGroup", "tcp:6379-6379>ElastiCacheSecurityGroup",
                "tcp:443-443>0.0.0.0/0");
        assertThat(ingress("RdsSecurityGroup")).contains("tcp:5432-5432<EcsSecurityGroup");
        assertThat(ingress("DocumentDbSecurityGroup")).contains("tcp:27017-27017<EcsSecurityGroup");
        assertThat(ingress("ElastiCacheSecurityGroup")).contains("tcp:6379-6379<EcsSecurityGroup");
        for (String group : List.of("RdsSecurityGroup", "DocumentDbSecurityGroup", "ElastiCacheSecurityGroup")) {
            assertThat(String.valueOf(template.properties(group).get("SecurityGroupEgress")))
                    .as(group + " has no outbound rule").doesNotContain("0.0.0.0/0");
        }
        for (String rule : ingress("AlbSecurityGroup", "EcsSecurityGroup", "RdsSecurityGroup",
                "DocumentDbSecurityGroup", "ElastiCacheSecurityGroup", "LambdaSecurityGroup")) {
            if (rule.endsWith("<0.0.0.0/0")) {
                assertThat(rule).as("only the ALB is open to the internet").matches("tcp:(443-443|80-80)<0\\.0\\.0\\.0/0");
            }
        }
    }

    @Test
    void logGroupsExpire() {
        for (String logGroup : resourcesOfType("AWS::Logs::LogGroup")) {
            assertThat(template.properties(logGroup)).as(logGroup).containsKey("RetentionInDays");
        }
    }

    @Test
    void noIamStatementGrantsAWildcardAction() {
        List<String> wildcards = new ArrayList<>();
        collectActions(template.resources(), "", wildcards);
        assertThat(wildcards).isEmpty();
    }

    private void collectActions(Object node, String path, List<String> wildcards) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (key.equals("Action") || key.equals("NotAction")) {
                    Object actions = entry.getValue();
                    for (Object action : actions instanceof List<?> list ? list : List.of(actions)) {
                        if (String.valueOf(action).contains("*")) {
                            wildcards.add(path + ": " + action);
                        }
                    }
                } else {
                    collectActions(entry.getValue(), path + "/" + key, wildcards);
                }
            }
        } else if (node instanceof List<?> list) {
            for (Object item : list) {
                collectActions(item, path, wildcards);
            }
        }
    }

    /** Rules of a group, written inline or as separate ingress resources: {@code proto:from-to<source}. */
    private List<String> ingress(String... groups) {
        List<String> rules = new ArrayList<>();
        for (String group : groups) {
            rules.addAll(rules(group, "SecurityGroupIngress", "AWS::EC2::SecurityGroupIngress", "<",
                    "SourceSecurityGroupId", "CidrIp"));
        }
        return rules;
    }

    private List<String> egress(String group) {
        return rules(group, "SecurityGroupEgress", "AWS::EC2::SecurityGroupEgress", ">",
                "DestinationSecurityGroupId", "CidrIp");
    }

    private List<String> rules(String group, String inlineKey, String resourceType, String arrow, String groupKey,
            String cidrKey) {
        List<Map<String, Object>> found = new ArrayList<>();
        Object inline = template.properties(group).get(inlineKey);
        if (inline instanceof List<?> list) {
            list.forEach(rule -> found.add(map(rule)));
        }
        for (String id : resourcesOfType(resourceType)) {
            Map<String, Object> properties = template.properties(id);
            if (group.equals(refTarget(properties.get("GroupId")))) {
                found.add(properties);
            }
        }
        List<String> rules = new ArrayList<>();
        for (Map<String, Object> rule : found) {
            String peer = rule.containsKey(groupKey) ? refTarget(rule.get(groupKey)) : String.valueOf(rule.get(cidrKey));
            String protocol = String.valueOf(rule.get("IpProtocol"));
            rules.add(protocol.equals("-1") ? "-1" + arrow + peer
                    : protocol + ":" + rule.get("FromPort") + "-" + rule.get("ToPort") + arrow + peer);
        }
        return rules;
    }

    /** EventApiFunction -> event-api: the fixture folder follows the bean name (STYLE.md). */
    static String fixtureFolder(String logicalId) {
        String base = logicalId.endsWith("Function") ? logicalId.substring(0, logicalId.length() - 8) : logicalId;
        return base.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private Map<String, Object> queueProperties(String queueName) {
        return resourcesOfType("AWS::SQS::Queue").stream()
                .filter(id -> queueName.equals(queueName(id)))
                .map(template::properties)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no queue named " + queueName));
    }

    private String queueName(String logicalId) {
        return String.valueOf(template.properties(logicalId).get("QueueName"));
    }

    private List<String> resourcesOfType(String type) {
        return template.resources().keySet().stream().filter(id -> type.equals(template.type(id))).toList();
    }

    private static String refTarget(Object value) {
        return String.valueOf(map(value).get("Ref"));
    }

    private static String getAttTarget(Object value) {
        Object getAtt = map(value).get("Fn::GetAtt");
        return String.valueOf(((List<?>) Objects.requireNonNull(getAtt, "not a GetAtt: " + value)).get(0));
    }

    private static int number(Object value) {
        return Integer.parseInt(String.valueOf(value));
    }

    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? CloudFormationTemplate.asStringMap(m) : Map.of();
    }
}
