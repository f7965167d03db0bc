package com.eventplanner.booking;

/** How a {@link Reservation} ended. */
public sealed interface ReservationOutcome {

    /** Seats held until {@link Booking#holdExpiresAt()}. */
    record Reserved(Booking booking) implements ReservationOutcome {
    }

    /** Nothing was kept, not even the idempotency key, so a retry is answered afresh. */
    record Refused(BookingException reason) implements ReservationOutcome {
    }

    /** An earlier request claimed the idempotency key: its stored response is the answer. */
    record AlreadyClaimed() implements ReservationOutcome {
    }
}
