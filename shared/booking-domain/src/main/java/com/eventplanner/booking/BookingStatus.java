package com.eventplanner.booking;

/** PENDING_PAYMENT holds seats until its hold expires; CONFIRMED owns them; CANCELLED and EXPIRED gave them back. */
public enum BookingStatus {
    PENDING_PAYMENT,
    CONFIRMED,
    CANCELLED,
    EXPIRED;

    /** Whether the booking still holds or owns seats. */
    public boolean holdsSeats() {
        return this == PENDING_PAYMENT || this == CONFIRMED;
    }
}
