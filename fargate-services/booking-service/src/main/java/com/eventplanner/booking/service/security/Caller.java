package com.eventplanner.booking.service.security;

import com.eventplanner.booking.Attendee;
import com.eventplanner.security.AuthenticatedUser;
import java.util.UUID;

/** The verified user of the current request. */
public record Caller(AuthenticatedUser user) {

    public UUID userId() {
        return user.userId();
    }

    public boolean isAdmin() {
        return user.isAdmin();
    }

    public Attendee attendee() {
        return new Attendee(user.userId(), user.email(), user.name());
    }
}
