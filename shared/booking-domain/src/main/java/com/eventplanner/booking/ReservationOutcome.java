package com.eventplanner.booking;

/** How a {@link Reservation} ended. */
public sealed interface ReservationOutcome {

    /**
     * Seats held until {@link Booking#holdExpiresAt()}; {@code response} is what was stored for the idempotency key
     * (rendered once, for the key and for the caller), null for a reservation without one.
     */
    record Reserved(Booking booking, String response) implements ReservationOutcome {
    }

    /** Nothing was kept, not even the idempotency key, so a retry is answered afresh. */
    record Refused(BookingException reason) implements ReservationOutcome {
    }

    /** An earlier request claimed the idempotency key: its stored response is the answer. */
    record AlreadyClaimed() implements ReservationOutcome {
    }
}
