package com.eventplanner.security;

import com.eventplanner.security.InvalidTokenException.Reason;

/** The token of an {@code Authorization: Bearer <token>} header (RFC 6750). */
public record BearerToken(String value) {

    private static final String SCHEME = "Bearer ";
    /** Well above any access token this system issues; stops huge headers before they reach the parser. */
    static final int MAX_LENGTH = 8192;

    public BearerToken {
        if (value == null || value.isBlank()) {
            throw new InvalidTokenException(Reason.MISSING, "empty bearer token");
        }
    }

    /**
     * @param authorizationHeader the raw header value, may be null
     * @throws InvalidTokenException with reason MISSING when there is no bearer token, MALFORMED when it is too long
     */
    public static BearerToken from(String authorizationHeader) {
        if (authorizationHeader == null
                || authorizationHeader.length() <= SCHEME.length()
                || !authorizationHeader.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new InvalidTokenException(Reason.MISSING, "no bearer token in Authorization header");
        }
        if (authorizationHeader.length() > MAX_LENGTH) {
            throw new InvalidTokenException(Reason.MALFORMED, "bearer token too long");
        }
        return new BearerToken(authorizationHeader.substring(SCHEME.length()).strip());
    }

    /** Never print the credential itself. */
    @Override
    public String toString() {
        return "BearerToken[redacted]";
    }
}
