package com.eventplanner.security;

/** Roles carried in the access token's {@code roles} claim. */
public enum Role {
    ATTENDEE,
    ORGANIZER,
    ADMIN
}
