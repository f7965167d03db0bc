package com.eventplanner.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

class LocalSqsPollerTest {

    private static final String QUEUE = "booking-created-event-queue";

    private final LocalInfrastructure infra = SharedInfrastructure.get();

    @BeforeEach
    void emptyQueues() {
        infra.purgeQueues();
    }

    private void publishBookingCreated(String body) {
        infra.snsClient().publish(b -> b.topicArn(infra.topicArn("eventplanner-booking-topic")).message(body)
                .messageAttributes(Map.of("type",
                        MessageAttributeValue.builder().dataType("String").stringValue("booking.created").build())));
    }

    private static SQSBatchResponse failing(List<String> ids) {
        return new SQSBatchResponse(ids.stream().map(SQSBatchResponse.BatchItemFailure::new).toList());
    }

    @Test
    void handsTheHandlerARealSqsEventAndDeletesHandledRecords() {
        publishBookingCreated("{\"id\":\"1\"}");
        List<SQSEvent> events = new CopyOnWriteArrayList<>();
        LocalSqsPoller poller = infra.poller(QUEUE, event -> {
            events.add(event);
            return new SQSBatchResponse(List.of());
        }).waitTime(Duration.ofSeconds(1)).build();

        LocalSqsPoller.PollResult result = poller.pollOnce();

        assertThat(result).isEqualTo(new LocalSqsPoller.PollResult(1, 1, 0));
        SQSEvent.SQSMessage record = events.get(0).getRecords().get(0);
        assertThat(record.getBody()).isEqualTo("{\"id\":\"1\"}");
        assertThat(record.getEventSource()).isEqualTo("aws:sqs");
        assertThat(record.getEventSourceArn()).isEqualTo(infra.queueArn(QUEUE));
        assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(record.getMessageId()).isNotBlank();
        assertThat(record.getReceiptHandle()).isNotBlank();
        assertThat(record.getMd5OfBody()).hasSize(32);
        assertThat(record.getAttributes()).containsEntry("ApproximateReceiveCount", "1").containsKey("SentTimestamp");
        assertThat(record.getMessageAttributes().get("type").getStringValue()).isEqualTo("booking.created");
        assertThat(record.getMessageAttributes().get("type").getDataType()).isEqualTo("String");
        assertThat(poller.pollOnce()).as("deleted after success").isEqualTo(new LocalSqsPoller.PollResult(0, 0, 0));
    }

    @Test
    void reportedFailuresStayOnTheQueueWhileTheRestIsDeleted() {
        publishBookingCreated("good");
        publishBookingCreated("bad");
        LocalSqsPoller poller = infra.poller(QUEUE, event -> failing(event.getRecords().stream()
                        .filter(r -> r.getBody().equals("bad")).map(SQSEvent.SQSMessage::getMessageId).toList()))
                .visibilityTimeout(Duration.ofSeconds(1)).waitTime(Duration.ofSeconds(1)).build();

        assertThat(poller.pollOnce()).isEqualTo(new LocalSqsPoller.PollResult(2, 1, 1));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<Message> visible = infra.sqsClient().receiveMessage(b -> b.queueUrl(infra.queueUrl(QUEUE))
                    .maxNumberOfMessages(10).visibilityTimeout(1)).messages();
            assertThat(visible).extracting(Message::body).containsExactly("bad");
        });
    }

    @Test
    void aHandlerExceptionFailsTheWholeBatch() {
        publishBookingCreated("a");
        publishBookingCreated("b");
        LocalSqsPoller poller = infra.poller(QUEUE, event -> {
            throw new IllegalStateException("boom");
        }).visibilityTimeout(Duration.ofSeconds(1)).waitTime(Duration.ofSeconds(1)).build();

        LocalSqsPoller.PollResult first = poller.pollOnce();

        assertThat(first.failed()).isEqualTo(first.received()).isPositive();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(infra.sqsClient().getQueueAttributes(b -> b.queueUrl(infra.queueUrl(QUEUE))
                        .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings())
                        .containsEntry("ApproximateNumberOfMessages", "2"));
    }

    @Test
    void aMessageFailingThreeTimesEndsInItsDeadLetterQueue() {
        publishBookingCreated("poison");
        AtomicInteger attempts = new AtomicInteger();
        LocalSqsPoller poller = infra.poller(QUEUE, event -> {
            attempts.addAndGet(event.getRecords().size());
            return failing(event.getRecords().stream().map(SQSEvent.SQSMessage::getMessageId).toList());
        }).visibilityTimeout(Duration.ofSeconds(1)).waitTime(Duration.ofSeconds(1)).build();

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            poller.pollOnce();
            return !infra.sqsClient().receiveMessage(b -> b.queueUrl(infra.queueUrl(QUEUE + "-dlq"))
                    .visibilityTimeout(0)).messages().isEmpty();
        });

        assertThat(attempts).hasValue(3);
        List<Message> dead = infra.sqsClient().receiveMessage(b -> b.queueUrl(infra.queueUrl(QUEUE + "-dlq"))).messages();
        assertThat(dead).extracting(Message::body).containsExactly("poison");
    }

    @Test
    void backgroundLoopProcessesMessagesUntilStopped() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (LocalSqsPoller poller = infra.poller(QUEUE, event -> {
            event.getRecords().forEach(r -> seen.add(r.getBody()));
            return new SQSBatchResponse(List.of());
        }).waitTime(Duration.ofSeconds(1)).build()) {
            poller.start();
            publishBookingCreated("one");
            publishBookingCreated("two");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seen).containsExactlyInAnyOrder("one", "two"));
            poller.stop();
            publishBookingCreated("three");
        }
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> !seen.contains("three"));
    }
}
