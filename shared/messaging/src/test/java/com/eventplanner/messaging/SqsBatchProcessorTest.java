package com.eventplanner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.eventplanner.contracts.Destinations;
import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.MessageCodec;
import com.eventplanner.contracts.booking.BookingCreated;
import com.eventplanner.contracts.booking.BookingExpired;
import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.localinfra.LocalSqsPoller;
import com.eventplanner.messaging.consumer.JdbcProcessedMessages;
import com.eventplanner.messaging.consumer.SqsBatchProcessor;
import com.eventplanner.testsupport.LocalInfrastructureExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(LocalInfrastructureExtension.class)
class SqsBatchProcessorTest {

    private static final String QUEUE = Destinations.BOOKING_CREATED_EVENT_QUEUE;
    private static final String CONSUMER = "booking-created-event";

    private static LocalInfrastructure infra;
    private static MessagingDatabase db;
    private final MessageCodec codec = new MessageCodec();
    private SqsBatchProcessor processor;
    private final AtomicInteger handlerCalls = new AtomicInteger();

    @BeforeAll
    static void start(LocalInfrastructure localInfrastructure) {
        infra = localInfrastructure;
        db = new MessagingDatabase(infra);
    }

    @BeforeEach
    void clean() {
        db.clear();
        infra.purgeQueues();
        processor = new SqsBatchProcessor(codec, new JdbcProcessedMessages(db.dataSource, db.transactionManager));
    }

    /** Records the booking in the consumer's database, then fails for the poison booking. */
    private SQSBatchResponse handle(SQSEvent event, UUID poison) {
        return processor.process(CONSUMER, event, BookingCreated.class, message -> {
            handlerCalls.incrementAndGet();
            db.jdbc.update("INSERT INTO handled_message (booking_id) VALUES (?)", message.data().bookingId());
            if (message.data().bookingId().equals(poison)) {
                throw new IllegalStateException("poison booking " + poison);
            }
        });
    }

    @Test
    void aBatchOfFiveWithOnePoisonRecordAcknowledgesFourAndDeadLettersTheFifthAfterThreeReceives() {
        UUID poison = UUID.randomUUID();
        List<Envelope<BookingCreated>> batch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batch.add(Messages.bookingCreated());
        }
        batch.add(2, Messages.bookingCreated(poison));
        send(batch);
        LocalSqsPoller poller = infra.poller(QUEUE, event -> handle(event, poison))
                .batchSize(10).visibilityTimeout(Duration.ofSeconds(1)).waitTime(Duration.ofSeconds(1)).build();

        LocalSqsPoller.PollResult first = pollUntilReceived(poller);
        assertThat(first.received()).isEqualTo(5);
        assertThat(first.succeeded()).isEqualTo(4);
        assertThat(first.failed()).isEqualTo(1);

        String dlq = infra.queueUrl(Destinations.deadLetterQueue(QUEUE));
        List<Message> deadLettered = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            poller.pollOnce();
            deadLettered.addAll(infra.sqsClient().receiveMessage(b -> b.queueUrl(dlq)
                    .messageSystemAttributeNamesWithStrings("ApproximateReceiveCount")).messages());
            return !deadLettered.isEmpty();
        });

        assertThat(deadLettered).hasSize(1);
        assertThat(codec.decode(deadLettered.get(0).body()).data())
                .extracting(data -> ((BookingCreated) data).bookingId()).isEqualTo(poison);
        assertThat(handlerCalls.get()).as("4 good records once, the poison one on each of its 3 receives").isEqualTo(7);
        assertThat(db.jdbc.queryForList("SELECT booking_id FROM handled_message", UUID.class))
                .as("the poison record's writes rolled back with its failure")
                .containsExactlyInAnyOrderElementsOf(batch.stream().map(e -> e.data().bookingId())
                        .filter(id -> !id.equals(poison)).toList());
        assertThat(poller.pollOnce().received()).isZero();
    }

    @Test
    void theSameMessageDeliveredTwiceIsHandledOnce() {
        Envelope<BookingCreated> message = Messages.bookingCreated();
        send(List.of(message, message));
        LocalSqsPoller poller = infra.poller(QUEUE, event -> handle(event, null))
                .batchSize(10).waitTime(Duration.ofSeconds(1)).build();

        int received = 0;
        while (received < 2) {
            LocalSqsPoller.PollResult result = poller.pollOnce();
            assertThat(result.failed()).isZero();
            received += result.received();
        }

        assertThat(handlerCalls.get()).isEqualTo(1);
        assertThat(db.jdbc.queryForObject("SELECT count(*) FROM handled_message", Integer.class)).isEqualTo(1);
        assertThat(poller.pollOnce().received()).as("both deliveries acknowledged").isZero();
    }

    @Test
    void undecodableRecordsAreReportedAsFailuresAndNeverReachTheHandler() {
        Envelope<BookingCreated> good = Messages.bookingCreated();
        String wrongType = codec.encode(Envelope.of(new BookingExpired(UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), 1), "booking-service", "c", Instant.now()));
        SQSEvent event = event(
                record("malformed", "{\"id\": "),
                record("unknown-type", codec.encode(good).replace("booking.created", "booking.teleported")),
                record("missing-field", codec.encode(good).replace("\"quantity\":2,", "")),
                record("wrong-type", wrongType),
                record("good", codec.encode(good)));

        SQSBatchResponse response = handle(event, null);

        assertThat(response.getBatchItemFailures()).extracting(BatchItemFailure::getItemIdentifier)
                .containsExactly("malformed", "unknown-type", "missing-field", "wrong-type");
        assertThat(handlerCalls.get()).isEqualTo(1);
    }

    private LocalSqsPoller.PollResult pollUntilReceived(LocalSqsPoller poller) {
        LocalSqsPoller.PollResult result;
        do {
            result = poller.pollOnce();
        } while (result.received() == 0);
        return result;
    }

    private void send(List<? extends Envelope<?>> messages) {
        String url = infra.queueUrl(QUEUE);
        for (Envelope<?> message : messages) {
            infra.sqsClient().sendMessage(b -> b.queueUrl(url).messageBody(codec.encode(message)));
        }
    }

    private static SQSEvent.SQSMessage record(String id, String body) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(id);
        record.setBody(body);
        return record;
    }

    private static SQSEvent event(SQSEvent.SQSMessage... records) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(records));
        return event;
    }
}
