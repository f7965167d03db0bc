package com.eventplanner.booking;

import java.time.Duration;
import java.util.Objects;

/**
 * @param holdDuration             how long a PENDING_PAYMENT booking holds its seats
 * @param maxSeatsPerUserPerEvent  seats one user may hold or own per event (anti-scalping cap)
 * @param expiryBatchSize          expired holds released per transaction
 * @param source                   the {@code source} of the messages this process emits
 */
public record BookingSettings(Duration holdDuration, int maxSeatsPerUserPerEvent, int expiryBatchSize, String source) {

    public BookingSettings {
        Objects.requireNonNull(holdDuration, "holdDuration");
        Objects.requireNonNull(source, "source");
        if (holdDuration.isNegative() || holdDuration.isZero()) {
            throw new IllegalArgumentException("holdDuration must be positive");
        }
        if (maxSeatsPerUserPerEvent < 1 || expiryBatchSize < 1) {
            throw new IllegalArgumentException("maxSeatsPerUserPerEvent and expiryBatchSize must be positive");
        }
    }

    public static BookingSettings defaults(String source) {
        return new BookingSettings(Duration.ofMinutes(15), 10, 200, source);
    }
}
