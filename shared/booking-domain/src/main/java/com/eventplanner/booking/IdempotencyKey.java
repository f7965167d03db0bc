package com.eventplanner.booking;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * An attendee's {@code Idempotency-Key}, the hash of the request made under it, and the response to store for it
 * should the request succeed (rendered by the caller, which owns the response format).
 */
public record IdempotencyKey(String key, String requestHash, Function<Booking, String> response) {

    public IdempotencyKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(response, "response");
    }

    /** What was stored for a key: the request it was claimed with and the response to replay. */
    public record Stored(String requestHash, int status, String body, UUID bookingId) {
    }
}
