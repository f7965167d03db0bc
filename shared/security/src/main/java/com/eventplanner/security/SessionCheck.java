package com.eventplanner.security;

/**
 * Port consulted after a token's signature and claims check out, so that a session ended by logout is rejected by
 * every service long before the token expires. Implemented where the session store is reachable (e.g. Redis
 * {@code session:<sessionId>}).
 */
@FunctionalInterface
public interface SessionCheck {

    /** @return whether the session still exists; may throw if the store is unreachable (the token is then rejected) */
    boolean isActive(String sessionId);
}
