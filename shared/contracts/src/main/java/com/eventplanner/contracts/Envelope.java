package com.eventplanner.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The one JSON shape of every message. {@code id} is what consumers deduplicate on (delivery is at least once);
 * {@code correlationId} follows a request from the HTTP edge through every message and audit record it causes.
 */
public record Envelope<T extends Payload>(
        UUID id, MessageType type, int version, String source, Instant occurredAt, String correlationId, T data) {

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(data, "data");
        if (data.type() != type) {
            throw new IllegalArgumentException("data of " + data.type() + " in an envelope of " + type);
        }
    }

    /** A new message of the current version, with a fresh id. */
    public static <T extends Payload> Envelope<T> of(T data, String source, String correlationId, Instant occurredAt) {
        return new Envelope<>(UUID.randomUUID(), data.type(), MessageType.CURRENT_VERSION, source, occurredAt,
                correlationId, data);
    }

    public String topic() {
        return type.topic();
    }
}
