package com.eventplanner.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class TemplateProvisioningTest {

    /** The messaging design of ARCHITECTURE.md: queue -> (topic, filtered type). */
    private static final Map<String, List<String>> DESIGN = Map.of(
            "event-created-notification-queue", List.of("eventplanner-event-topic", "event.created"),
            "event-created-booking-queue", List.of("eventplanner-event-topic", "event.created"),
            "booking-created-notification-queue", List.of("eventplanner-booking-topic", "booking.created"),
            "booking-created-event-queue", List.of("eventplanner-booking-topic", "booking.created"),
            "payment-completed-notification-queue", List.of("eventplanner-payment-topic", "payment.completed"),
            "payment-completed-booking-queue", List.of("eventplanner-payment-topic", "payment.completed"),
            "payment-failed-notification-queue", List.of("eventplanner-payment-topic", "payment.failed"));

    private final LocalInfrastructure infra = SharedInfrastructure.get();

    private Map<String, String> queueAttributes(String queueName) {
        return infra.sqsClient().getQueueAttributes(b -> b.queueUrl(infra.queueUrl(queueName))
                .attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
    }

    private Map<String, String> subscriptionAttributes(String arn) {
        return infra.snsClient().getSubscriptionAttributes(b -> b.subscriptionArn(arn)).attributes();
    }

    @Test
    void createsEveryDesignedQueueWithItsDeadLetterQueue() {
        for (String queue : DESIGN.keySet()) {
            TemplateProvisioner.Queue provisioned = infra.messaging().queues().get(queue);
            assertThat(provisioned.attributes()).as(queue)
                    .containsEntry("MessageRetentionPeriod", "345600")
                    .containsEntry("VisibilityTimeout", "30");
            Map<String, String> attributes = queueAttributes(queue);
            assertThat(attributes).as(queue).containsEntry("VisibilityTimeout", "30")
                    .containsEntry("QueueArn", infra.queueArn(queue));
            assertThat(attributes.get("RedrivePolicy")).as(queue)
                    .contains(infra.queueArn(queue + "-dlq")).containsPattern("\"maxReceiveCount\"\\s*:\\s*\"?3");
            assertThat(infra.messaging().queues().get(queue + "-dlq").attributes()).as(queue + "-dlq")
                    .containsEntry("MessageRetentionPeriod", "1209600")
                    .doesNotContainKey("RedrivePolicy");
            assertThat(queueAttributes(queue + "-dlq")).doesNotContainKey("RedrivePolicy");
        }
    }

    @Test
    void subscribesEachDesignedQueueToItsTopicWithRawDeliveryAndTypeFilter() {
        for (Map.Entry<String, List<String>> design : DESIGN.entrySet()) {
            String queueArn = infra.queueArn(design.getKey());
            List<Subscription> subscriptions = infra.snsClient()
                    .listSubscriptionsByTopic(b -> b.topicArn(infra.topicArn(design.getValue().get(0))))
                    .subscriptions().stream().filter(s -> s.endpoint().equals(queueArn)).toList();
            assertThat(subscriptions).as(design.getKey()).hasSize(1);
            assertThat(subscriptions.get(0).protocol()).isEqualTo("sqs");
            Map<String, String> attributes = subscriptionAttributes(subscriptions.get(0).subscriptionArn());
            assertThat(attributes).as(design.getKey())
                    .containsEntry("RawMessageDelivery", "true")
                    .containsEntry("FilterPolicyScope", "MessageAttributes");
            assertThat(attributes.get("FilterPolicy")).isEqualTo("{\"type\":[\"" + design.getValue().get(1) + "\"]}");
        }
    }

    /** A literal name, or a {@code !Sub} of the stage and stack name with their defaults. */
    private static String plainName(Object name) {
        if (name instanceof Map<?, ?> sub && sub.get("Fn::Sub") instanceof String pattern) {
            return pattern.replace("${Stage}", "dev").replace("${AWS::StackName}", "eventplanner");
        }
        return (String) name;
    }

    /** Expectations read straight from template.yaml (plain names there), compared with what the servers hold. */
    @Test
    void provisionsExactlyTheQueuesAndSubscriptionsOfTheTemplate() {
        CloudFormationTemplate template = CloudFormationTemplate.load(
                CloudFormationTemplate.locate(Path.of("").toAbsolutePath()).orElseThrow());
        Map<String, String> queueNames = new HashMap<>();
        Map<String, String> topicNames = new HashMap<>();
        template.resources().keySet().forEach(id -> {
            switch (template.type(id)) {
                case "AWS::SQS::Queue" -> queueNames.put(id, plainName(template.properties(id).get("QueueName")));
                case "AWS::SNS::Topic" -> topicNames.put(id, plainName(template.properties(id).get("TopicName")));
                default -> { }
            }
        });
        Set<String> expectedSubscriptions = new HashSet<>();
        template.resources().keySet().stream().filter(id -> template.type(id).equals("AWS::SNS::Subscription")
                && "sqs".equals(template.properties(id).get("Protocol"))).forEach(id -> {
            Map<String, Object> properties = template.properties(id);
            String topicId = (String) ((Map<?, ?>) properties.get("TopicArn")).get("Ref");
            String queueId = (String) ((List<?>) ((Map<?, ?>) properties.get("Endpoint")).get("Fn::GetAtt")).get(0);
            expectedSubscriptions.add(topicNames.get(topicId) + " -> " + queueNames.get(queueId) + " "
                    + ((Map<?, ?>) properties.get("FilterPolicy")).get("type") + " raw=" + properties.get("RawMessageDelivery"));
        });

        assertThat(infra.messaging().queues().keySet()).containsExactlyInAnyOrderElementsOf(queueNames.values());
        assertThat(infra.messaging().queues().keySet()).containsAll(DESIGN.keySet());
        assertThat(infra.messaging().topicArns().keySet()).containsExactlyInAnyOrderElementsOf(topicNames.values());
        List<String> listedQueues = infra.sqsClient().listQueues().queueUrls().stream()
                .map(url -> url.substring(url.lastIndexOf('/') + 1)).toList();
        assertThat(listedQueues).containsAll(queueNames.values());
        queueNames.forEach((id, name) -> {
            Object visibility = template.properties(id).get("VisibilityTimeout");
            if (visibility != null) {
                assertThat(queueAttributes(name)).as(name).containsEntry("VisibilityTimeout", String.valueOf(visibility));
            }
            if (template.properties(id).get("RedrivePolicy") instanceof Map<?, ?> redrive) {
                String dlqId = (String) ((List<?>) ((Map<?, ?>) redrive.get("deadLetterTargetArn")).get("Fn::GetAtt")).get(0);
                assertThat(queueAttributes(name).get("RedrivePolicy")).as(name)
                        .contains(infra.queueArn(queueNames.get(dlqId)))
                        .containsPattern("\"maxReceiveCount\"\\s*:\\s*\"?" + redrive.get("maxReceiveCount") + "\\b");
            }
        });

        Set<String> actualSubscriptions = new HashSet<>();
        infra.messaging().topicArns().forEach((topicName, topicArn) -> infra.snsClient()
                .listSubscriptionsByTopic(b -> b.topicArn(topicArn)).subscriptions().forEach(subscription -> {
                    Map<String, String> attributes = subscriptionAttributes(subscription.subscriptionArn());
                    String queue = subscription.endpoint().substring(subscription.endpoint().lastIndexOf(':') + 1);
                    String type = attributes.get("FilterPolicy").replaceAll(".*\\[(.*)].*", "[$1]").replace("\"", "")
                            .replace(",", ", ");
                    actualSubscriptions.add(topicName + " -> " + queue + " " + type + " raw=" + attributes.get("RawMessageDelivery"));
                }));
        assertThat(actualSubscriptions).containsExactlyInAnyOrderElementsOf(expectedSubscriptions);
    }

    @Test
    void provisionsAFixtureTemplateWithConditionsShortFormsAndEnvironment() throws URISyntaxException {
        Path fixture = Path.of(getClass().getResource("/fixture-template.yaml").toURI());
        TemplateProvisioner provisioner = new TemplateProvisioner(infra.sqsClient(), infra.snsClient(), infra.region(),
                LocalInfrastructure.ACCOUNT_ID);
        TemplateProvisioner.Result result = provisioner.provision(CloudFormationTemplate.load(fixture), "fixture", Map.of());

        assertThat(result.topicArns()).containsOnlyKeys("fixture-orders-topic", "fixture-audit-topic");
        assertThat(result.queues()).containsOnlyKeys("fixture-orders-created-queue", "fixture-orders-created-queue-dlq",
                "fixture-orders-prefix-queue", "fixture-orders-anything-but-queue", "fixture-orders-envelope-queue",
                "fixture-dev-only-queue");
        String ordersTopic = result.topicArns().get("fixture-orders-topic");
        assertThat(result.topicEnvironment())
                .containsEntry("ORDERS_TOPIC_ARN", ordersTopic)
                .containsEntry("AUDIT_TOPIC_ARN", result.topicArns().get("fixture-audit-topic"))
                .containsEntry("AUDIT_STREAM_TOPIC", result.topicArns().get("fixture-audit-topic"));

        assertThat(result.queues().get("fixture-orders-created-queue").attributes())
                .containsEntry("MessageRetentionPeriod", "345600").containsEntry("VisibilityTimeout", "30");
        assertThat(result.queues().get("fixture-dev-only-queue").attributes()).as("!Ref AWS::NoValue drops the property")
                .doesNotContainKey("DelaySeconds");
        Map<String, String> created = infra.sqsClient().getQueueAttributes(b -> b
                .queueUrl(result.queues().get("fixture-orders-created-queue").url())
                .attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
        assertThat(created).containsEntry("VisibilityTimeout", "30");
        assertThat(created.get("RedrivePolicy")).contains(result.queues().get("fixture-orders-created-queue-dlq").arn());
        assertThat(result.subscriptions()).as("the email subscription is skipped").hasSize(4)
                .allSatisfy(s -> assertThat(s.topicArn()).isEqualTo(ordersTopic));

        TemplateProvisioner.Result again = provisioner.provision(CloudFormationTemplate.load(fixture), "fixture", Map.of());
        assertThat(again.topicArns()).isEqualTo(result.topicArns());
        assertThat(again.queues()).isEqualTo(result.queues());
        assertThat(infra.snsClient().listSubscriptionsByTopic(b -> b.topicArn(ordersTopic)).subscriptions())
                .as("re-provisioning adds no subscription").hasSize(4);
    }

    @Test
    void reProvisioningAppliesChangedSubscriptionAttributes() throws URISyntaxException {
        Path fixture = Path.of(getClass().getResource("/fixture-template.yaml").toURI());
        TemplateProvisioner provisioner = new TemplateProvisioner(infra.sqsClient(), infra.snsClient(), infra.region(),
                LocalInfrastructure.ACCOUNT_ID);
        TemplateProvisioner.Result first = provisioner.provision(CloudFormationTemplate.load(fixture), "changing", Map.of());
        TemplateProvisioner.Subscribed created = first.subscriptions().stream()
                .filter(s -> s.attributes().containsKey("FilterPolicy")).findFirst().orElseThrow();
        infra.snsClient().setSubscriptionAttributes(b -> b.subscriptionArn(created.subscriptionArn())
                .attributeName("FilterPolicy").attributeValue("{\"type\":[\"changed\"]}"));

        TemplateProvisioner.Result second = provisioner.provision(CloudFormationTemplate.load(fixture), "changing", Map.of());

        assertThat(second.subscriptions()).extracting(TemplateProvisioner.Subscribed::subscriptionArn)
                .contains(created.subscriptionArn());
        assertThat(subscriptionAttributes(created.subscriptionArn()).get("FilterPolicy"))
                .isEqualTo(created.attributes().get("FilterPolicy"));
    }
}
