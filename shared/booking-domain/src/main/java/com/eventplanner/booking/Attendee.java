package com.eventplanner.booking;

import java.util.Objects;
import java.util.UUID;

/** The authenticated user booking seats; email and name travel in {@code booking.created} for notifications. */
public record Attendee(UUID userId, String email, String name) {

    public Attendee {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
    }
}
