package com.eventplanner.event.catalog;

import com.eventplanner.function.alb.AlbRequest;
import com.eventplanner.security.AuthenticatedUser;

/** Who changes an event, and from where, for the audit record. */
record Actor(AuthenticatedUser user, String ipAddress, String userAgent) {

    /**
     * The caller of an ALB request. The ALB appends the address it saw to {@code X-Forwarded-For}, so the last entry
     * is the one a client cannot forge.
     */
    static Actor of(AlbRequest request) {
        String forwarded = request.header("x-forwarded-for").orElse(null);
        String ip = forwarded == null ? null : forwarded.substring(forwarded.lastIndexOf(',') + 1).strip();
        return new Actor(request.user(), ip, request.header("user-agent").orElse(null));
    }
}
