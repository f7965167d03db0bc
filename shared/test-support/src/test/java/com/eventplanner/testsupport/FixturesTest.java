package com.eventplanner.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixturesTest {

    @TempDir
    Path events;

    @BeforeEach
    void useTemporaryEventsFolder() throws IOException {
        System.setProperty(Fixtures.EVENTS_DIR_PROPERTY, events.toString());
        Files.createDirectories(events.resolve("booking-created-event"));
        Files.writeString(events.resolve("booking-created-event/normal.json"), """
                {"Records": [{
                  "messageId": "m-1", "receiptHandle": "rh-1", "body": "{\\"id\\":\\"e-1\\"}",
                  "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1700000000000"},
                  "messageAttributes": {"type": {"stringValue": "booking.created", "stringListValues": [],
                                                 "binaryListValues": [], "dataType": "String"}},
                  "md5OfBody": "abc", "eventSource": "aws:sqs",
                  "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:booking-created-event-queue",
                  "awsRegion": "us-east-1"}]}
                """);
        Files.createDirectories(events.resolve("event-api"));
        Files.writeString(events.resolve("event-api/get.json"), """
                {"requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:tg"}},
                 "httpMethod": "GET", "path": "/api/events/1", "queryStringParameters": {"a": "b"},
                 "headers": {"x-correlation-id": "c-1"}, "body": "", "isBase64Encoded": false}
                """);
        Files.writeString(events.resolve("event-api/schedule.json"), """
                {"version": "0", "id": "s-1", "detail-type": "Scheduled Event", "source": "aws.events",
                 "account": "123456789012", "time": "2026-01-01T00:00:00Z", "region": "us-east-1",
                 "resources": ["arn:aws:events:us-east-1:123456789012:rule/r"], "detail": {"k": 1}}
                """);
    }

    @AfterEach
    void restoreDefault() {
        System.clearProperty(Fixtures.EVENTS_DIR_PROPERTY);
    }

    @Test
    void loadsTheFileUnchanged() throws IOException {
        assertThat(Fixtures.load("booking-created-event/normal.json"))
                .isEqualTo(Files.readString(events.resolve("booking-created-event/normal.json")));
        assertThat(Fixtures.json("event-api/get.json").get("httpMethod").asString()).isEqualTo("GET");
    }

    @Test
    void mapsAnSqsEventLikeTheLambdaRuntime() {
        SQSEvent.SQSMessage record = Fixtures.sqsEvent("booking-created-event/normal.json").getRecords().get(0);
        assertThat(record.getMessageId()).isEqualTo("m-1");
        assertThat(record.getReceiptHandle()).isEqualTo("rh-1");
        assertThat(record.getBody()).isEqualTo("{\"id\":\"e-1\"}");
        assertThat(record.getEventSourceArn()).endsWith(":booking-created-event-queue");
        assertThat(record.getEventSource()).isEqualTo("aws:sqs");
        assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(record.getAttributes()).containsEntry("ApproximateReceiveCount", "1");
        assertThat(record.getMessageAttributes().get("type").getStringValue()).isEqualTo("booking.created");
        assertThat(record.getMessageAttributes().get("type").getDataType()).isEqualTo("String");
    }

    @Test
    void mapsAlbAndScheduledEvents() {
        ApplicationLoadBalancerRequestEvent request = Fixtures.albRequest("event-api/get.json");
        assertThat(request.getHttpMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/api/events/1");
        assertThat(request.getQueryStringParameters()).containsEntry("a", "b");
        assertThat(request.getRequestContext().getElb().getTargetGroupArn()).isEqualTo("arn:aws:elasticloadbalancing:tg");

        ScheduledEvent schedule = Fixtures.scheduledEvent("event-api/schedule.json");
        assertThat(schedule.getDetailType()).isEqualTo("Scheduled Event");
        assertThat(schedule.getTime().getMillis()).isEqualTo(1767225600000L);
        assertThat(schedule.getDetail()).containsEntry("k", 1);
    }

    @Test
    void aMissingFixtureIsAnError() {
        assertThatThrownBy(() -> Fixtures.load("nope/none.json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope/none.json");
    }

    @Test
    void findsTheRepositoryEventsFolderByWalkingUp() {
        System.clearProperty(Fixtures.EVENTS_DIR_PROPERTY);
        Path found = Fixtures.eventsDirectory();
        assertThat(found.getFileName().toString()).isEqualTo("events");
        assertThat(found.getParent().resolve("mvnw")).exists();
    }
}
