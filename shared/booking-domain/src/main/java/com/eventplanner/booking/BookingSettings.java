package com.eventplanner.booking;

import java.time.Duration;
import java.util.Objects;

/**
 * @param holdDuration             how long a PENDING_PAYMENT booking holds its seats
 * @param maxSeatsPerUserPerEvent  seats one user may hold or own per event (anti-scalping cap)
 * @param expiryBatchSize          expired holds released per transaction
 * @param cancellationChunkSize    bookings of a cancelled event cancelled per transaction
 * @param cancellationCutoff       how long before the event starts an attendee's own cancellation stops being
 *                                 accepted (admins and event cancellations are not bound by it)
 * @param source                   the {@code source} of the messages this process emits
 */
public record BookingSettings(Duration holdDuration, int maxSeatsPerUserPerEvent, int expiryBatchSize,
                              int cancellationChunkSize, Duration cancellationCutoff, String source) {

    public BookingSettings {
        Objects.requireNonNull(holdDuration, "holdDuration");
        Objects.requireNonNull(cancellationCutoff, "cancellationCutoff");
        Objects.requireNonNull(source, "source");
        if (holdDuration.isNegative() || holdDuration.isZero()) {
            throw new IllegalArgumentException("holdDuration must be positive");
        }
        if (cancellationCutoff.isNegative()) {
            throw new IllegalArgumentException("cancellationCutoff must not be negative");
        }
        if (maxSeatsPerUserPerEvent < 1 || expiryBatchSize < 1 || cancellationChunkSize < 1) {
            throw new IllegalArgumentException(
                    "maxSeatsPerUserPerEvent, expiryBatchSize and cancellationChunkSize must be positive");
        }
    }

    public static BookingSettings defaults(String source) {
        return new BookingSettings(Duration.ofMinutes(15), 10, 200, 250, Duration.ofHours(24), source);
    }
}
