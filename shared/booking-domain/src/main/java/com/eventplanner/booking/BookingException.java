package com.eventplanner.booking;

/** A booking request the domain refuses; {@link #kind()} says why, the message is safe to show to the client. */
public class BookingException extends RuntimeException {

    public enum Kind {
        EVENT_NOT_FOUND,
        BOOKING_NOT_FOUND,
        /** Fewer seats left than asked for. */
        SOLD_OUT,
        /** The event is cancelled. */
        EVENT_NOT_BOOKABLE,
        /** The per-user cap per event would be exceeded. */
        SEAT_LIMIT_EXCEEDED,
        /** The booking is already cancelled or expired. */
        NOT_CANCELLABLE,
        /** The attendee asked too close to the event's start; admins and event cancellations are not bound by it. */
        CANCELLATION_WINDOW_CLOSED,
        /** The caller may see the booking but not change it. */
        FORBIDDEN
    }

    private final Kind kind;

    public BookingException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
