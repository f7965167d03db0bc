package com.eventplanner.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LocalSnsServerTest {

    private static final List<String> DESIGNED_QUEUES = List.of("event-created-notification-queue",
            "event-created-booking-queue", "booking-created-notification-queue", "booking-created-event-queue",
            "payment-completed-notification-queue", "payment-completed-booking-queue", "payment-failed-notification-queue");

    private final LocalInfrastructure infra = SharedInfrastructure.get();
    private final SnsClient sns = infra.snsClient();

    @BeforeEach
    void emptyQueues() {
        infra.purgeQueues();
    }

    @AfterEach
    void endOutage() {
        infra.snsServer().reset();
    }

    private static Map<String, MessageAttributeValue> type(String type) {
        return Map.of("type", MessageAttributeValue.builder().dataType("String").stringValue(type).build());
    }

    private List<Message> drain(String queueUrl) {
        return infra.sqsClient().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .messageAttributeNames("All")).messages();
    }

    private long depth(String queueName) {
        return Long.parseLong(infra.sqsClient().getQueueAttributes(b -> b.queueUrl(infra.queueUrl(queueName))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private Map<String, Long> depths() {
        return DESIGNED_QUEUES.stream().collect(java.util.stream.Collectors.toMap(q -> q, this::depth));
    }

    @Test
    void publishFansOutRawOnlyToQueuesWhoseFilterMatches() {
        String body = "{\"id\":\"e-1\",\"type\":\"booking.created\"}";
        String messageId = sns.publish(b -> b.topicArn(infra.topicArn("eventplanner-booking-topic")).message(body)
                .messageAttributes(type("booking.created"))).messageId();

        assertThat(messageId).isNotBlank();
        assertThat(depths()).containsEntry("booking-created-notification-queue", 1L)
                .containsEntry("booking-created-event-queue", 1L)
                .containsEntry("event-created-notification-queue", 0L)
                .containsEntry("payment-completed-notification-queue", 0L);
        Message delivered = drain(infra.queueUrl("booking-created-event-queue")).get(0);
        assertThat(delivered.body()).isEqualTo(body);
        assertThat(delivered.messageAttributes().get("type").stringValue()).isEqualTo("booking.created");
        assertThat(delivered.messageAttributes().get("type").dataType()).isEqualTo("String");
        assertThat(infra.snsServer().published()).extracting(LocalSnsServer.PublishedMessage::messageId)
                .containsExactly(messageId);
    }

    @Test
    void publishWithAnUnsubscribedTypeReachesNoQueue() {
        sns.publish(b -> b.topicArn(infra.topicArn("eventplanner-booking-topic")).message("{}")
                .messageAttributes(type("booking.cancelled")));
        sns.publish(b -> b.topicArn(infra.topicArn("eventplanner-booking-topic")).message("{}"));

        assertThat(depths().values()).containsOnly(0L);
        assertThat(infra.snsServer().published()).hasSize(2);
    }

    @Test
    void publishBatchFansOutEachEntryByItsOwnAttributes() {
        PublishBatchResponse response = sns.publishBatch(b -> b.topicArn(infra.topicArn("eventplanner-payment-topic"))
                .publishBatchRequestEntries(
                        PublishBatchRequestEntry.builder().id("1").message("completed")
                                .messageAttributes(type("payment.completed")).build(),
                        PublishBatchRequestEntry.builder().id("2").message("failed")
                                .messageAttributes(type("payment.failed")).build(),
                        PublishBatchRequestEntry.builder().id("3").message("refunded")
                                .messageAttributes(type("payment.refunded")).build()));

        assertThat(response.successful()).extracting(s -> s.id()).containsExactly("1", "2", "3");
        assertThat(response.failed()).isEmpty();
        assertThat(drain(infra.queueUrl("payment-completed-notification-queue"))).extracting(Message::body)
                .containsExactly("completed");
        assertThat(drain(infra.queueUrl("payment-completed-booking-queue"))).extracting(Message::body)
                .containsExactly("completed");
        assertThat(drain(infra.queueUrl("payment-failed-notification-queue"))).extracting(Message::body)
                .containsExactly("failed");
        assertThat(depths().values()).containsOnly(0L);
    }

    @Test
    void publishBatchReportsInvalidEntriesAsFailed() {
        PublishBatchResponse response = sns.publishBatch(b -> b.topicArn(infra.topicArn("eventplanner-payment-topic"))
                .publishBatchRequestEntries(
                        PublishBatchRequestEntry.builder().id("ok").message("x").messageAttributes(type("payment.failed")).build(),
                        PublishBatchRequestEntry.builder().id("bad").message("y").messageAttributes(Map.of("n",
                                MessageAttributeValue.builder().dataType("Number").stringValue("NaN-ish").build())).build()));

        assertThat(response.successful()).extracting(s -> s.id()).containsExactly("ok");
        assertThat(response.failed()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("bad");
            assertThat(f.code()).isEqualTo("InvalidParameter");
            assertThat(f.senderFault()).isTrue();
        });
    }

    @Test
    void filterPoliciesWithPrefixAnythingButExistsAndWrappedDelivery() throws URISyntaxException {
        Path fixture = Path.of(getClass().getResource("/fixture-template.yaml").toURI());
        TemplateProvisioner.Result fixtureMessaging = new TemplateProvisioner(infra.sqsClient(), sns, infra.region(),
                LocalInfrastructure.ACCOUNT_ID).provision(CloudFormationTemplate.load(fixture), "filters", Map.of());
        String topic = fixtureMessaging.topicArns().get("filters-orders-topic");
        Map<String, MessageAttributeValue> createdWithPriority = Map.of(
                "type", MessageAttributeValue.builder().dataType("String").stringValue("order.created").build(),
                "priority", MessageAttributeValue.builder().dataType("Number").stringValue("1").build());

        sns.publish(b -> b.topicArn(topic).message("m1").subject("s1").messageAttributes(createdWithPriority));
        sns.publish(b -> b.topicArn(topic).message("m2").messageAttributes(type("order.shipped")));
        sns.publish(b -> b.topicArn(topic).message("m3").messageAttributes(type("order.cancelled")));

        assertThat(bodies(fixtureMessaging, "filters-orders-created-queue")).containsExactly("m1");
        assertThat(bodies(fixtureMessaging, "filters-orders-prefix-queue")).as("prefix order. and priority exists")
                .containsExactly("m1");
        assertThat(bodies(fixtureMessaging, "filters-orders-anything-but-queue")).containsExactly("m2");
        List<String> wrapped = bodies(fixtureMessaging, "filters-orders-envelope-queue");
        assertThat(wrapped).hasSize(3);
        JsonNode notification = JsonMapper.builder().build().readTree(wrapped.stream()
                .filter(w -> w.contains("\"m1\"")).findFirst().orElseThrow());
        assertThat(notification.get("Type").asString()).isEqualTo("Notification");
        assertThat(notification.get("TopicArn").asString()).isEqualTo(topic);
        assertThat(notification.get("Message").asString()).isEqualTo("m1");
        assertThat(notification.get("Subject").asString()).isEqualTo("s1");
        assertThat(notification.get("MessageAttributes").get("priority").get("Type").asString()).isEqualTo("Number");
        assertThat(notification.get("MessageAttributes").get("type").get("Value").asString()).isEqualTo("order.created");
    }

    private List<String> bodies(TemplateProvisioner.Result messaging, String queue) {
        return drain(messaging.queues().get(queue).url()).stream().map(Message::body).toList();
    }

    @Test
    void answersErrorsLikeSns() {
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn("arn:aws:sns:us-east-1:000000000000:missing").message("x")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(infra.topicArn("eventplanner-event-topic")).message("")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.createTopic(b -> b.name("bad name!")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sns.subscribe(b -> b.topicArn(infra.topicArn("eventplanner-event-topic"))
                .protocol("sqs").endpoint(infra.queueArn("event-created-booking-queue"))
                .attributes(Map.of("FilterPolicy", "{not json"))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void listsTopicsAndSubscriptions() {
        assertThat(sns.listTopics().topics()).extracting(t -> t.topicArn())
                .contains(infra.topicArn("eventplanner-event-topic"), infra.topicArn("eventplanner-booking-topic"),
                        infra.topicArn("eventplanner-payment-topic"));
        assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(infra.topicArn("eventplanner-payment-topic")))
                .subscriptions()).hasSize(3);
        assertThat(sns.createTopic(b -> b.name("eventplanner-event-topic")).topicArn())
                .as("CreateTopic is idempotent").isEqualTo(infra.topicArn("eventplanner-event-topic"));
    }

    @Test
    void failingEndpointSimulatesAnOutage() {
        infra.snsServer().setFailing(true);
        assertThatThrownBy(() -> sns.publish(b -> b.topicArn(infra.topicArn("eventplanner-event-topic")).message("x")
                .messageAttributes(type("event.created"))))
                .isInstanceOfSatisfying(SnsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
                });
        assertThat(depth("event-created-notification-queue")).isZero();

        infra.snsServer().setFailing(false);
        sns.publish(b -> b.topicArn(infra.topicArn("eventplanner-event-topic")).message("x")
                .messageAttributes(type("event.created")));
        assertThat(depth("event-created-notification-queue")).isEqualTo(1);
    }

    @Test
    void failNextFailsThatManyRequests() {
        try (SnsClient noRetries = SnsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .region(Region.of(infra.region()))
                .credentialsProvider(infra.credentials())
                .endpointOverride(infra.snsEndpoint())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build()) {
            infra.snsServer().failNext(1);
            assertThatThrownBy(() -> noRetries.listTopics())
                    .isInstanceOfSatisfying(SnsException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
            assertThat(noRetries.listTopics().topics()).isNotEmpty();
        }
        infra.snsServer().failNext(1);
        assertThat(sns.listTopics().topics()).as("the default client retries past one failure").isNotEmpty();
    }
}
