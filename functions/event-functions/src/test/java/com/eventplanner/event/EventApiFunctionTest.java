package com.eventplanner.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.eventplanner.cache.RedisConnections;
import com.eventplanner.contracts.Destinations;
import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.security.Role;
import com.eventplanner.testsupport.Fixtures;
import com.eventplanner.testsupport.LambdaInvocations;
import com.eventplanner.testsupport.WithLocalInfrastructure;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events API through the real {@link FunctionInvoker} with the ALB fixtures of {@code events/event-api/}, against
 * PostgreSQL, Redis, the MongoDB-wire audit store and SNS -> SQS fan-out provisioned from template.yaml.
 */
@WithLocalInfrastructure
class EventApiFunctionTest {

    static final String FIXTURE_EVENT_ID = "7d9c2f5e-4b1a-4c3e-9f7a-2b6d8e1c0a11";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LocalInfrastructure infra;
    private static TestTokens tokens;
    private static FunctionInvoker invoker;
    private static RedisConnections redis;
    private static MongoClient mongo;

    private final UUID organizer = UUID.randomUUID();
    private final String organizerToken;
    private final String attendeeToken;
    private final String otherOrganizerToken;

    EventApiFunctionTest() {
        organizerToken = tokens.token(organizer, Role.ORGANIZER);
        attendeeToken = tokens.token(UUID.randomUUID(), Role.ATTENDEE);
        otherOrganizerToken = tokens.token(UUID.randomUUID(), Role.ORGANIZER);
    }

    @BeforeAll
    static void start(LocalInfrastructure infrastructure) {
        infra = infrastructure;
        tokens = new TestTokens();
        invoker = Invokers.start("eventApi", infra, tokens);
        redis = RedisConnections.create(infra.redisUri());
        mongo = MongoClients.create(infra.mongoUri());
    }

    @AfterAll
    static void stop() {
        tokens.close();
        redis.close();
        mongo.close();
    }

    @Test
    void organizerCreatesADraftAndPublishingAnnouncesItToBookingsAndNotifications() {
        JsonNode created = created();
        assertThat(created.get("status").asString()).isEqualTo("DRAFT");
        assertThat(created.get("price").get("amount").decimalValue()).isEqualByComparingTo("39.90");
        assertThat(created.get("seatsAvailable").asInt()).isEqualTo(120);
        String id = created.get("id").asString();

        Response published = call("event-api/publish.json", id, organizerToken);
        assertThat(published.status()).isEqualTo(200);
        assertThat(published.json().get("status").asString()).isEqualTo("PUBLISHED");

        for (String queue : List.of("event-created-booking-queue", "event-created-notification-queue")) {
            JsonNode envelope = awaitMessage(queue, "event.created", id);
            assertThat(envelope.get("source").asString()).isEqualTo("event-functions");
            assertThat(envelope.get("data").get("capacity").asInt()).isEqualTo(120);
            assertThat(envelope.get("data").get("organizerId").asString()).isEqualTo(organizer.toString());
            assertThat(envelope.get("data").get("venue").get("city").asString()).isEqualTo("Berlin");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(auditActions(id))
                .contains("EVENT_CREATED", "EVENT_PUBLISHED"));
        Document publishing = mongo.getDatabase("audit").getCollection("audit_logs")
                .find(Filters.and(Filters.eq("resourceId", id), Filters.eq("action", "EVENT_PUBLISHED"))).first();
        assertThat(publishing.getString("userId")).isEqualTo(organizer.toString());
        assertThat(publishing.getString("ipAddress")).isEqualTo("203.0.113.10");
        assertThat(publishing.getString("userAgent")).isEqualTo("curl/8.5.0");
        assertThat(publishing.getString("service")).isEqualTo("event-functions");
    }

    @Test
    void anAttendeeCannotCreateAndNobodyWithoutATokenCan() {
        Response forbidden = call("event-api/create-as-attendee.json", null, attendeeToken);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.headers().get("Content-Type").asString()).isEqualTo("application/problem+json");
        assertThat(forbidden.json().get("type").asString()).endsWith("/problems/forbidden");

        Response anonymous = call("event-api/create-unauthenticated.json", null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.headers().get("WWW-Authenticate").asString()).isEqualTo("Bearer");
    }

    @Test
    void aTokenWhoseSessionEndedIsRejected() {
        String leaving = tokens.token(UUID.randomUUID(), Role.ORGANIZER);
        tokens.endSession(leaving);

        Response response = call("event-api/create.json", null, leaving);

        assertThat(response.status()).as("logged out, token not yet expired").isEqualTo(401);
    }

    @Test
    void badInputIsAProblemNamingEveryField() {
        Response response = call("event-api/create-invalid.json", null, organizerToken);
        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("capacity", "price.amount", "price.currency", "title",
                "venue.address");

        Response list = call("event-api/list-invalid.json", null, null);
        assertThat(list.status()).isEqualTo(400);
        assertThat(fields(list.json())).containsExactly("from");
    }

    @Test
    void crossFieldRulesAreReportedOnTheirField() {
        String event = Fixtures.load("event-api/create.json").replace("${ORGANIZER_TOKEN}", organizerToken)
                .replace("Europe/Berlin", "Mars/Olympus");
        Response response = Response.of(LambdaInvocations.invoke(invoker, "event-api", event));
        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactly("timeZone");
    }

    @Test
    void onlyTheOwnerChangesAnEventAndAChangeToAPublishedEventIsAnnounced() {
        String id = created().get("id").asString();
        assertThat(call("event-api/update.json", id, otherOrganizerToken).status())
                .as("someone else's draft does not exist for them").isEqualTo(404);
        assertThat(call("event-api/publish.json", id, organizerToken).status()).isEqualTo(200);
        assertThat(call("event-api/update.json", id, otherOrganizerToken).status()).isEqualTo(403);
        assertThat(call("event-api/update.json", id, attendeeToken).status()).isEqualTo(403);

        Response updated = call("event-api/update.json", id, organizerToken);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("capacity").asInt()).isEqualTo(150);
        JsonNode envelope = awaitMessage(Destinations.EVENT_UPDATED_BOOKING_QUEUE, "event.updated", id);
        assertThat(envelope.get("data").get("capacity").asInt()).isEqualTo(150);
        assertThat(envelope.get("data").get("price").get("amount").decimalValue()).isEqualByComparingTo("44.90");

        Response cancelled = call("event-api/cancel.json", id, organizerToken);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        JsonNode cancellation = awaitMessage(Destinations.EVENT_CANCELLED_BOOKING_QUEUE, "event.cancelled", id);
        assertThat(cancellation.get("data").get("reason").asString()).isEqualTo("The venue is flooded");
        assertThat(call("event-api/update.json", id, organizerToken).status()).isEqualTo(409);
    }

    @Test
    void anEventThatHasEndedCannotBeChanged() throws SQLException {
        String id = created().get("id").asString();
        try (Connection connection = infra.dataSource("event").getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE event SET starts_at = now() - interval '3 days', ends_at = now() - interval '2 days'"
                             + " WHERE id = ?")) {
            update.setObject(1, UUID.fromString(id));
            assertThat(update.executeUpdate()).isOne();
        }

        Response response = call("event-api/update.json", id, organizerToken);
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("type").asString()).isEqualTo("https://eventplanner.local/problems/event-ended");
    }

    @Test
    void readsAreCachedFifteenMinutesAndEveryChangeEvictsTheEntry() throws SQLException {
        String id = created().get("id").asString();
        call("event-api/publish.json", id, organizerToken);
        String key = "event:" + id;
        assertThat(redis.sync().exists(key)).isZero();

        assertThat(call("event-api/get.json", id, null).json().get("title").asString()).isEqualTo("Spring Jazz Night");
        assertThat(redis.sync().exists(key)).isOne();
        assertThat(redis.sync().pttl(key)).isBetween(Duration.ofMinutes(14).toMillis(), Duration.ofMinutes(15).toMillis());

        // a change behind the function's back is not seen: the second read is served from Redis
        setTitleDirectly(id, "Changed behind the cache");
        assertThat(call("event-api/get.json", id, null).json().get("title").asString()).isEqualTo("Spring Jazz Night");

        assertThat(call("event-api/update.json", id, organizerToken).status()).isEqualTo(200);
        assertThat(redis.sync().exists(key)).as("evicted by the update").isZero();
        assertThat(call("event-api/get.json", id, null).json().get("title").asString())
                .isEqualTo("Spring Jazz Night (extended)");
    }

    @Test
    void draftsAreVisibleToTheirOrganizerOnly() {
        String id = created().get("id").asString();
        assertThat(call("event-api/get.json", id, null).status()).isEqualTo(404);
        String asOwner = Fixtures.load("event-api/get.json").replace(FIXTURE_EVENT_ID, id)
                .replace("\"accept\": \"application/json\"",
                        "\"accept\": \"application/json\", \"authorization\": \"Bearer " + organizerToken + "\"");
        assertThat(Response.of(LambdaInvocations.invoke(invoker, "event-api", asOwner)).status()).isEqualTo(200);
    }

    @Test
    void anyoneListsPublishedEventsWithFiltersAndPages() {
        String published = created().get("id").asString();
        call("event-api/publish.json", published, organizerToken);
        String draft = created().get("id").asString();

        JsonNode page = call("event-api/list.json", null, null).json();
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asString()));
        assertThat(ids).contains(published).doesNotContain(draft);
        assertThat(page.get("size").asInt()).isEqualTo(10);
        page.get("items").forEach(item -> {
            assertThat(item.get("venue").get("city").asString()).isEqualToIgnoringCase("Berlin");
            assertThat(item.get("title").asString().toLowerCase()).contains("jazz night");
        });

        String elsewhere = Fixtures.load("event-api/list.json").replace("\"Berlin\"", "\"Lisbon\"");
        JsonNode none = Response.of(LambdaInvocations.invoke(invoker, "event-api", elsewhere)).json();
        assertThat(none.get("items").findValuesAsString("id")).doesNotContain(published);
    }

    private JsonNode created() {
        Response response = call("event-api/create.json", null, organizerToken);
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers().get("Location").asString())
                .isEqualTo("/api/events/" + response.json().get("id").asString());
        assertThat(response.headers().get("X-Correlation-Id").asString()).isEqualTo("fixture-create-0001");
        return response.json();
    }

    private Response call(String fixture, String eventId, String token) {
        String event = Fixtures.load(fixture);
        if (eventId != null) {
            event = event.replace(FIXTURE_EVENT_ID, eventId);
        }
        if (token != null) {
            event = event.replace("${ORGANIZER_TOKEN}", token).replace("${ATTENDEE_TOKEN}", token);
        }
        return Response.of(LambdaInvocations.invoke(invoker, "event-api", event));
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asString()));
        return fields;
    }

    private static JsonNode awaitMessage(String queue, String type, String eventId) {
        String url = infra.queueUrl(queue);
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            for (Message message : infra.sqsClient().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages()) {
                JsonNode envelope = JSON.readTree(message.body());
                if (type.equals(envelope.get("type").asString())
                        && eventId.equals(envelope.get("data").get("eventId").asString())) {
                    assertThat(message.messageAttributes().get("type").stringValue()).isEqualTo(type);
                    infra.sqsClient().deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
                    found.add(envelope);
                }
            }
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private static List<String> auditActions(String eventId) {
        List<String> actions = new ArrayList<>();
        for (Document record : mongo.getDatabase("audit").getCollection("audit_logs")
                .find(Filters.eq("resourceId", eventId))) {
            actions.add(record.getString("action"));
        }
        return actions;
    }

    private static void setTitleDirectly(String id, String title) throws SQLException {
        try (Connection connection = infra.dataSource("event").getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE event SET title = ? WHERE id = ?")) {
            update.setString(1, title);
            update.setObject(2, UUID.fromString(id));
            assertThat(update.executeUpdate()).isOne();
        }
    }

    /** The ALB response event FunctionInvoker wrote. */
    record Response(int status, JsonNode headers, JsonNode json) {
        static Response of(String output) {
            JsonNode root = JSON.readTree(output);
            String body = root.path("body").asString("");
            return new Response(root.get("statusCode").asInt(), root.get("headers"),
                    body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body));
        }
    }
}
