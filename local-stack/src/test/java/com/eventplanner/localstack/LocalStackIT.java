package com.eventplanner.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.localstack.LocalStackClient.Response;
import com.eventplanner.testsupport.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local stack end to end, over HTTP through its load balancer only: accounts and tokens from the real
 * auth-service, an event created and published through EventApiFunction, its {@code event.created} carried by SNS
 * and SQS to EventCreatedBookingFunction (inventory opened), a booking through booking-service, and its
 * {@code booking.created} carried to BookingCreatedEventFunction (the event's seats-booked projection), which
 * reports a poison message beside it as a batch item failure, so that it stays on the queue; then the booking paid
 * through PaymentApiFunction (the local gateway's test cards, a 3-D Secure completed by its signed webhook) and seen
 * CONFIRMED by booking-service once {@code payment.completed} reached PaymentCompletedBookingFunction.
 */
class LocalStackIT {

    private static LocalStack stack;
    private static LocalStackClient client;

    @BeforeAll
    static void start() throws Exception {
        Path root = LocalStack.projectRoot();
        stack = LocalStack.start(LocalStack.Settings.freePorts(root, Path.of("target", "local-stack-it")));
        stack.awaitHealthy(Duration.ofMinutes(5));
        client = new LocalStackClient(stack.albUrl());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aPublishedEventIsBookedAndItsSeatsProjectionCountsTheBooking() {
        // a poison message among the booking.created ones: reported as a batch item failure, so never deleted
        LocalInfrastructure infra = stack.infrastructure();
        String queue = infra.queueUrl("booking-created-event-queue");
        infra.sqsClient().sendMessage(b -> b.queueUrl(queue).messageBody("not an envelope").messageAttributes(Map.of(
                "type", MessageAttributeValue.builder().dataType("String").stringValue("booking.created").build())));

        String admin = client.signUp("admin@eventplanner.local");
        String organizer = client.organizer("olga@example.com", admin);
        String attendee = client.signUp("ada@example.com");

        String body = Fixtures.json("event-api/create.json").path("body").asString();
        Response created = call("POST", "/api/events", organizer, body, Map.of());
        assertThat(created.status()).as("create: %s", created.body()).isEqualTo(201);
        String eventId = created.json().path("id").asString();
        Response published = call("POST", "/api/events/" + eventId + "/publish", organizer, "", Map.of());
        assertThat(published.status()).as("publish: %s", published.body()).isEqualTo(200);

        // event.created -> SNS -> event-created-booking-queue -> EventCreatedBookingFunction opens the inventory
        String booking = "{\"eventId\":\"" + eventId + "\",\"quantity\":2}";
        Response booked = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> call("POST", "/api/bookings", attendee, booking,
                        Map.of("Idempotency-Key", UUID.randomUUID().toString())), response -> response.status() != 404);
        assertThat(booked.status()).as("booking: %s", booked.body()).isEqualTo(201);

        // booking.created -> SNS -> booking-created-event-queue -> BookingCreatedEventFunction counts the seats
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Response event = call("GET", "/api/events/" + eventId, null, "", Map.of());
            assertThat(event.status()).isEqualTo(200);
            assertThat(event.json().path("seatsBooked").asInt()).as(event.body()).isEqualTo(2);
        });
        // the booking.created is deleted once its batch returns; the poison message stays, on its queue or in its DLQ
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(messages(queue)
                + messages(infra.queueUrl("booking-created-event-queue-dlq"))).isEqualTo(1));

        // PaymentApiFunction asks booking-service for the amount, charges the local gateway's test card;
        // payment.completed -> payment-completed-booking-queue -> PaymentCompletedBookingFunction confirms
        String bookingId = booked.json().path("id").asString();
        Response paid = pay(attendee, bookingId, "pm_card_visa");
        assertThat(paid.status()).as("payment: %s", paid.body()).isEqualTo(201);
        assertThat(paid.json().path("status").asString()).isEqualTo("SUCCEEDED");
        awaitConfirmed(attendee, bookingId, paid.json().path("id").asString());

        // 3-D Secure: the local gateway's challenge stand-in, then its signed webhook through the load balancer
        Response second = call("POST", "/api/bookings", attendee, "{\"eventId\":\"" + eventId + "\",\"quantity\":1}",
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(second.status()).as("booking: %s", second.body()).isEqualTo(201);
        String secondId = second.json().path("id").asString();
        Response action = pay(attendee, secondId, "pm_card_authenticationRequired");
        assertThat(action.json().path("status").asString()).as(action.body()).isEqualTo("REQUIRES_ACTION");
        Response authenticated = call("POST", "/api/payments/local-gateway/authentications", null,
                "{\"clientSecret\":\"" + action.json().path("clientSecret").asString() + "\",\"outcome\":\"complete\"}",
                Map.of());
        assertThat(authenticated.status()).as(authenticated.body()).isEqualTo(200);
        awaitConfirmed(attendee, secondId, action.json().path("id").asString());
    }

    private static Response pay(String token, String bookingId, String paymentMethod) {
        return call("POST", "/api/payments", token, "{\"bookingId\":\"" + bookingId + "\",\"paymentMethod\":\""
                + paymentMethod + "\"}", Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private static void awaitConfirmed(String token, String bookingId, String paymentId) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Response booking = call("GET", "/api/bookings/" + bookingId, token, "", Map.of());
            assertThat(booking.json().path("status").asString()).as(booking.body()).isEqualTo("CONFIRMED");
            assertThat(booking.json().path("paymentId").asString()).isEqualTo(paymentId);
        });
    }

    /** Messages on a queue, visible or in flight. */
    private static int messages(String queueUrl) {
        Map<QueueAttributeName, String> attributes = stack.infrastructure().sqsClient().getQueueAttributes(b -> b
                .queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void aPathNoRuleMatchesGetsTheListenersFixedResponse() {
        Response response = call("GET", "/api/nowhere", null, "", Map.of());
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("status").asInt()).isEqualTo(404);
    }

    private static Response call(String method, String path, String token, String body, Map<String, String> headers) {
        return client.call(method, path, token, body, headers);
    }
}
