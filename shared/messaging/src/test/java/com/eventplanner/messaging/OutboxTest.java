package com.eventplanner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.eventplanner.contracts.Destinations;
import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.MessageCodec;
import com.eventplanner.contracts.booking.BookingCreated;
import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.messaging.outbox.Outbox;
import com.eventplanner.messaging.outbox.OutboxRelay;
import com.eventplanner.messaging.outbox.TopicArns;
import com.eventplanner.testsupport.LocalInfrastructureExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(LocalInfrastructureExtension.class)
class OutboxTest {

    private static LocalInfrastructure infra;
    private static MessagingDatabase db;
    private final MessageCodec codec = new MessageCodec();
    private final List<OutboxRelay> relays = new ArrayList<>();

    @BeforeAll
    static void start(LocalInfrastructure localInfrastructure) {
        infra = localInfrastructure;
        db = new MessagingDatabase(infra);
    }

    @BeforeEach
    void clean() {
        db.clear();
        infra.purgeQueues();
        infra.snsServer().setFailing(false);
    }

    @AfterEach
    void stopRelays() {
        relays.forEach(OutboxRelay::close);
    }

    @Test
    void bookingCreatedReachesExactlyTheTwoBookingCreatedQueuesAsRawEnvelopes() {
        OutboxRelay relay = relay();
        Outbox outbox = outbox(() -> { });
        Envelope<BookingCreated> sent = Messages.bookingCreated();

        db.transaction.executeWithoutResult(tx -> outbox.append(sent));

        assertThat(relay.drain()).isEqualTo(1);
        Map<String, List<Message>> received = receiveFromEveryQueue();
        assertThat(received.keySet()).containsExactlyInAnyOrder(
                Destinations.BOOKING_CREATED_NOTIFICATION_QUEUE, Destinations.BOOKING_CREATED_EVENT_QUEUE);
        for (List<Message> messages : received.values()) {
            assertThat(messages).hasSize(1);
            Message message = messages.get(0);
            assertThat(codec.decode(message.body())).isEqualTo(sent);
            assertThat(message.messageAttributes().get("type").stringValue()).isEqualTo("booking.created");
        }
        assertThat(db.pendingOutboxRows()).isZero();
    }

    @Test
    void aRolledBackTransactionPublishesNothing() {
        Outbox outbox = outbox(() -> { });

        db.transaction.executeWithoutResult(tx -> {
            outbox.append(Messages.bookingCreated());
            tx.setRollbackOnly();
        });

        assertThat(relay().drain()).isZero();
        assertThat(receiveFromEveryQueue()).isEmpty();
    }

    @Test
    void appendingOutsideATransactionIsRefused() {
        Outbox outbox = outbox(() -> { });

        assertThatThrownBy(() -> outbox.append(Messages.bookingCreated()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs the caller's transaction");
    }

    @Test
    void aMessageCommittedWhileNoRelayRunsIsPublishedByTheNextRelay() {
        Outbox outbox = outbox(() -> { });
        Envelope<BookingCreated> sent = Messages.bookingCreated();

        db.transaction.executeWithoutResult(tx -> outbox.append(sent));
        assertThat(db.pendingOutboxRows()).isEqualTo(1);
        assertThat(receive(Destinations.BOOKING_CREATED_EVENT_QUEUE, 0)).isEmpty();

        OutboxRelay restarted = relay();
        restarted.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> db.pendingOutboxRows() == 0);
        List<Message> delivered = receive(Destinations.BOOKING_CREATED_EVENT_QUEUE, 5);
        assertThat(delivered).extracting(m -> codec.decode(m.body()).id()).containsExactly(sent.id());
    }

    @Test
    void anSnsOutageDelaysMessagesButLosesNone() {
        OutboxRelay relay = relay();
        Outbox outbox = outbox(relay::signal);
        infra.snsServer().setFailing(true);
        relay.start();

        List<Envelope<BookingCreated>> sent = IntStream.range(0, 25).mapToObj(i -> Messages.bookingCreated()).toList();
        sent.forEach(message -> db.transaction.executeWithoutResult(tx -> outbox.append(message)));

        await().atMost(Duration.ofSeconds(10)).until(() ->
                db.jdbc.queryForObject("SELECT min(attempts) FROM outbox_message", Integer.class) >= 2);
        assertThat(db.pendingOutboxRows()).isEqualTo(25);
        assertThat(db.jdbc.queryForObject("SELECT min(last_error) FROM outbox_message", String.class)).isNotBlank();

        infra.snsServer().setFailing(false);

        await().atMost(Duration.ofSeconds(20)).until(() -> db.pendingOutboxRows() == 0);
        Set<Object> delivered = new HashSet<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            receive(Destinations.BOOKING_CREATED_EVENT_QUEUE, 1).forEach(m -> delivered.add(codec.decode(m.body()).id()));
            return delivered.size() == sent.size();
        });
        assertThat(delivered).isEqualTo(sent.stream().map(Envelope::id).collect(Collectors.toSet()));
    }

    @Test
    void aMessageBuiltFromItsPayloadCarriesTheCorrelationIdOfTheWorkInProgress() {
        OutboxRelay relay = relay();
        Outbox outbox = outbox(() -> { });

        MDC.put("correlationId", "req-42");
        Envelope<BookingCreated> sent;
        try {
            sent = db.transaction.execute(tx -> outbox.append(Messages.bookingCreated().data()));
        } finally {
            MDC.remove("correlationId");
        }
        relay.drain();

        Envelope<?> received = codec.decode(receive(Destinations.BOOKING_CREATED_EVENT_QUEUE, 5).get(0).body());
        assertThat(received.correlationId()).isEqualTo("req-42");
        assertThat(received.source()).isEqualTo("booking-service");
        assertThat(received.id()).isEqualTo(sent.id());
    }

    private Outbox outbox(Runnable afterCommit) {
        return new Outbox(db.dataSource, codec, afterCommit, "booking-service", Clock.systemUTC());
    }

    private OutboxRelay relay() {
        OutboxRelay relay = new OutboxRelay(db.dataSource, infra.snsClient(),
                TopicArns.fromEnvironment(infra.environment()::get),
                new OutboxRelay.Settings(100, Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(400), 3,
                        Duration.ofMillis(500)),
                Clock.systemUTC());
        relays.add(relay);
        return relay;
    }

    private Map<String, List<Message>> receiveFromEveryQueue() {
        Map<String, List<Message>> received = new HashMap<>();
        for (String queue : infra.messaging().queues().keySet()) {
            List<Message> messages = receive(queue, queue.startsWith("booking-created") ? 2 : 0);
            if (!messages.isEmpty()) {
                received.put(queue, messages);
            }
        }
        return received;
    }

    private List<Message> receive(String queue, int waitSeconds) {
        String url = infra.queueUrl(queue);
        List<Message> messages = infra.sqsClient().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                .waitTimeSeconds(waitSeconds).messageAttributeNames("All")).messages();
        messages.forEach(m -> infra.sqsClient().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
        return messages;
    }
}
