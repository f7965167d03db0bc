package com.eventplanner.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.testsupport.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local stack end to end, over HTTP through its load balancer only: accounts and tokens from the real
 * auth-service, an event created and published through EventApiFunction, its {@code event.created} carried by SNS
 * and SQS to EventCreatedBookingFunction (inventory opened), a booking through booking-service, and its
 * {@code booking.created} carried to BookingCreatedEventFunction (the event's seats-booked projection), which
 * reports a poison message beside it as a batch item failure, so that it stays on the queue.
 */
class LocalStackIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final String PASSWORD = "correct horse battery";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        Path root = LocalStack.projectRoot();
        stack = LocalStack.start(LocalStack.Settings.freePorts(root, Path.of("target", "local-stack-it")));
        stack.awaitHealthy(Duration.ofMinutes(5));
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

        String admin = signUp("admin@eventplanner.local");
        String organizer = organizer("olga@example.com", admin);
        String attendee = signUp("ada@example.com");

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

    /** Registers, verifies with the mailed code and logs in: the access token. */
    private static String signUp(String email) {
        Response registered = call("POST", "/api/auth/register", null, JSON.writeValueAsString(Map.of("email", email,
                "password", PASSWORD, "fullName", "Local Stack")), Map.of());
        assertThat(registered.status()).as("register: %s", registered.body()).isEqualTo(202);
        Response mailbox = call("GET", "/api/auth/local/mailbox/" + email, null, "", Map.of());
        List<String> codes = mailbox.json().valueStream().map(mail -> CODE.matcher(mail.path("body").asString()))
                .filter(Matcher::find).map(matcher -> matcher.group(1)).toList();
        assertThat(codes).as("codes mailed to %s", email).isNotEmpty();
        Response verified = call("POST", "/api/auth/verify", null, JSON.writeValueAsString(Map.of("email", email,
                "code", codes.get(codes.size() - 1), "password", PASSWORD)), Map.of());
        assertThat(verified.status()).as("verify: %s", verified.body()).isEqualTo(200);
        return login(email);
    }

    /** A new account given the ORGANIZER role by the admin; the grant ends its sessions, so it logs in again. */
    private static String organizer(String email, String admin) {
        String first = signUp(email);
        String userId = call("GET", "/api/auth/me", first, "", Map.of()).json().path("id").asString();
        Response granted = call("PUT", "/api/auth/admin/users/" + userId + "/roles/ORGANIZER", admin, "", Map.of());
        assertThat(granted.status()).as("grant: %s", granted.body()).isBetween(200, 204);
        return login(email);
    }

    private static String login(String email) {
        Response login = call("POST", "/api/auth/login", null, JSON.writeValueAsString(Map.of("email", email,
                "password", PASSWORD)), Map.of());
        assertThat(login.status()).as("login: %s", login.body()).isEqualTo(200);
        return login.json().path("accessToken").asString();
    }

    private record Response(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private static Response call(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.albUrl() + path))
                .timeout(Duration.ofMinutes(3))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/json");
        if (!body.isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
