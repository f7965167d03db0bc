package com.eventplanner.contracts;

import com.eventplanner.contracts.InvalidMessageException.Reason;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes envelopes to JSON and decodes them back, refusing anything a consumer could not act on: malformed JSON, a
 * missing or ill-typed field, an unknown type or a version this build does not understand. Unknown extra fields are
 * ignored so that producers can add optional fields without a version bump. Thread-safe.
 */
public final class MessageCodec {

    private static final List<String> ENVELOPE_FIELDS =
            List.of("id", "type", "version", "source", "occurredAt", "correlationId", "data");

    private final JsonMapper mapper;

    public MessageCodec() {
        // BigDecimal for floats: money keeps its scale (49.90 stays 49.90) through the JSON tree
        this(JsonMapper.builder()
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build());
    }

    public MessageCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    public String encode(Envelope<?> envelope) {
        ObjectNode root = mapper.createObjectNode();
        root.put("id", envelope.id().toString());
        root.put("type", envelope.type().wireName());
        root.put("version", envelope.version());
        root.put("source", envelope.source());
        root.put("occurredAt", envelope.occurredAt().toString());
        root.put("correlationId", envelope.correlationId());
        root.set("data", mapper.valueToTree(envelope.data()));
        return mapper.writeValueAsString(root);
    }

    public Envelope<?> decode(String json) {
        JsonNode root = parse(json);
        for (String field : ENVELOPE_FIELDS) {
            if (!root.hasNonNull(field)) {
                throw new InvalidMessageException(Reason.MISSING_FIELD, field, "missing field '" + field + "'", null);
            }
        }
        String typeName = root.get("type").asString();
        MessageType type = MessageType.fromWireName(typeName).orElseThrow(() -> new InvalidMessageException(
                Reason.UNKNOWN_TYPE, "type", "unknown message type '" + typeName + "'", null));
        JsonNode versionNode = root.get("version");
        if (!versionNode.isIntegralNumber()) {
            throw invalid(type, "version", "is not an integer", null);
        }
        int version = versionNode.asInt();
        if (!type.supportsVersion(version)) {
            throw new InvalidMessageException(Reason.UNSUPPORTED_VERSION, "version",
                    "unsupported version " + version + " of " + type + " (this build reads version "
                            + MessageType.CURRENT_VERSION + ")", null);
        }
        UUID id = scalar(type, root, "id", UUID::fromString);
        Instant occurredAt = scalar(type, root, "occurredAt", Instant::parse);
        Payload data = payload(type, root.get("data"));
        return new Envelope<>(id, type, version, root.get("source").asString(), occurredAt,
                root.get("correlationId").asString(), data);
    }

    /** Decodes and checks that the message is of the type the caller handles. */
    @SuppressWarnings("unchecked")
    public <T extends Payload> Envelope<T> decode(String json, Class<T> expected) {
        Envelope<?> envelope = decode(json);
        if (!expected.isInstance(envelope.data())) {
            throw new InvalidMessageException(Reason.UNKNOWN_TYPE, "type", "expected a message of "
                    + expected.getSimpleName() + " but got " + envelope.type(), null);
        }
        return (Envelope<T>) envelope;
    }

    private JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidMessageException(Reason.MALFORMED_JSON, null, "empty message body", null);
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidMessageException(Reason.MALFORMED_JSON, null,
                    "malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidMessageException(Reason.MALFORMED_JSON, null, "message is not a JSON object", null);
        }
        return root;
    }

    private Payload payload(MessageType type, JsonNode data) {
        if (!data.isObject()) {
            throw invalid(type, "data", "is not a JSON object", null);
        }
        Payload payload;
        try {
            payload = mapper.treeToValue(data, type.payloadClass());
        } catch (JacksonException e) {
            throw invalid(type, "data" + path(e), "has the wrong type or format: " + e.getOriginalMessage(), e);
        }
        requireFields(type, (Record) payload, "data");
        return payload;
    }

    /** Jackson leaves absent record components null; every component not marked {@link OptionalField} is required. */
    private static void requireFields(MessageType type, Record value, String path) {
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            Object fieldValue;
            try {
                fieldValue = component.getAccessor().invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            String fieldPath = path + "." + component.getName();
            if (fieldValue == null) {
                if (!component.isAnnotationPresent(OptionalField.class)) {
                    throw new InvalidMessageException(Reason.MISSING_FIELD, fieldPath,
                            type + " v" + MessageType.CURRENT_VERSION + ": missing field '" + fieldPath + "'", null);
                }
            } else if (fieldValue instanceof Record nested) {
                requireFields(type, nested, fieldPath);
            }
        }
    }

    private static <V> V scalar(MessageType type, JsonNode root, String field, java.util.function.Function<String, V> parser) {
        try {
            return parser.apply(root.get(field).asString());
        } catch (RuntimeException e) {
            throw invalid(type, field, "is not valid: '" + root.get(field).asString() + "'", e);
        }
    }

    private static InvalidMessageException invalid(MessageType type, String field, String problem, Throwable cause) {
        return new InvalidMessageException(Reason.INVALID_FIELD, field,
                type + ": field '" + field + "' " + problem, cause);
    }

    private static String path(JacksonException e) {
        Collection<JacksonException.Reference> refs = e.getPath();
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : refs) {
            sb.append(ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]");
        }
        return sb.toString();
    }
}
