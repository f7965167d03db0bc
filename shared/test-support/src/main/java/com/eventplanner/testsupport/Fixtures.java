package com.eventplanner.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import org.joda.time.DateTime;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lambda event fixtures from the repository's top-level {@code events/} folder, the same files
 * {@code sam local invoke -e} uses: {@code Fixtures.load("booking-created-event/normal.json")}. The folder is found by
 * walking up from the working directory; the system property {@code eventplanner.events.dir} overrides it.
 */
public final class Fixtures {

    public static final String EVENTS_DIR_PROPERTY = "eventplanner.events.dir";
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Fixtures() {
    }

    public static Path eventsDirectory() {
        String configured = System.getProperty(EVENTS_DIR_PROPERTY);
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("events"))
                    && (Files.isRegularFile(dir.resolve("template.yaml")) || Files.isRegularFile(dir.resolve("mvnw")))) {
                return dir.resolve("events");
            }
        }
        throw new IllegalStateException("No events/ folder above " + Path.of("").toAbsolutePath()
                + "; set -D" + EVENTS_DIR_PROPERTY + "=<dir>");
    }

    public static Path path(String name) {
        Path path = eventsDirectory().resolve(name);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("No fixture " + name + " in " + eventsDirectory());
        }
        return path;
    }

    /** The fixture's text, unchanged. */
    public static String load(String name) {
        try {
            return Files.readString(path(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String name) {
        return JSON.readTree(load(name));
    }

    /** An SQS event fixture ({@code {"Records": [...]}}) as the Lambda runtime would hand it to a handler. */
    public static SQSEvent sqsEvent(String name) {
        return sqsEvent(json(name));
    }

    static SQSEvent sqsEvent(JsonNode root) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (JsonNode node : root.path("Records")) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(text(node, "messageId"));
            record.setReceiptHandle(text(node, "receiptHandle"));
            record.setBody(text(node, "body"));
            record.setMd5OfBody(text(node, "md5OfBody"));
            record.setMd5OfMessageAttributes(text(node, "md5OfMessageAttributes"));
            record.setEventSource(text(node, "eventSource"));
            record.setEventSourceArn(text(node, "eventSourceARN"));
            record.setAwsRegion(text(node, "awsRegion"));
            record.setAttributes(node.has("attributes")
                    ? JSON.treeToValue(node.get("attributes"), new TypeReference<Map<String, String>>() { })
                    : Map.of());
            Map<String, SQSEvent.MessageAttribute> attributes = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.path("messageAttributes").properties()) {
                JsonNode value = entry.getValue();
                SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
                attribute.setDataType(text(value, "dataType"));
                attribute.setStringValue(text(value, "stringValue"));
                if (value.hasNonNull("binaryValue")) {
                    attribute.setBinaryValue(ByteBuffer.wrap(Base64.getDecoder().decode(value.get("binaryValue").asString())));
                }
                List<String> strings = new ArrayList<>();
                value.path("stringListValues").forEach(s -> strings.add(s.asString()));
                attribute.setStringListValues(strings);
                attribute.setBinaryListValues(new ArrayList<>());
                attributes.put(entry.getKey(), attribute);
            }
            record.setMessageAttributes(attributes);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** An ALB target-group request fixture. */
    public static ApplicationLoadBalancerRequestEvent albRequest(String name) {
        return JSON.treeToValue(json(name), ApplicationLoadBalancerRequestEvent.class);
    }

    /** An EventBridge scheduled event fixture (as {@code Schedule} events deliver). */
    public static ScheduledEvent scheduledEvent(String name) {
        JsonNode root = json(name);
        ScheduledEvent event = new ScheduledEvent();
        event.setId(text(root, "id"));
        event.setVersion(text(root, "version"));
        event.setAccount(text(root, "account"));
        event.setRegion(text(root, "region"));
        event.setSource(text(root, "source"));
        event.setDetailType(text(root, "detail-type"));
        if (root.hasNonNull("time")) {
            event.setTime(DateTime.parse(root.get("time").asString()));
        }
        List<String> resources = new ArrayList<>();
        root.path("resources").forEach(r -> resources.add(r.asString()));
        event.setResources(resources);
        event.setDetail(root.has("detail")
                ? JSON.treeToValue(root.get("detail"), new TypeReference<Map<String, Object>>() { })
                : Map.of());
        return event;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
