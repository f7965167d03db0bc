package com.eventplanner.security;

/**
 * An access token was missing or rejected. The {@link #reason()} and message are for logs and metrics only; clients
 * should see a generic 401 so that an attacker learns nothing about which check failed.
 */
public class InvalidTokenException extends RuntimeException {

    /** Why a token was rejected. */
    public enum Reason {
        /** No bearer token in the request. */
        MISSING,
        /** Not a parseable compact JWS. */
        MALFORMED,
        /** {@code alg: none}, HMAC or any algorithm other than ES256/RS256. */
        UNSUPPORTED_ALGORITHM,
        /** No key with the token's {@code kid} in the JWKS, even after a refetch. */
        UNKNOWN_KEY,
        /** The signature does not match the header and payload. */
        BAD_SIGNATURE,
        /** {@code exp} is in the past (beyond the allowed clock skew). */
        EXPIRED,
        /** A required claim is missing or holds an unexpected value (iss, aud, sub, roles, ...). */
        INVALID_CLAIMS,
        /** The token is valid but its session was ended (logout, password or role change). */
        SESSION_REVOKED,
        /** The JWKS or the session store could not be reached; the token could not be checked. */
        VERIFICATION_UNAVAILABLE
    }

    private final Reason reason;

    public InvalidTokenException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public InvalidTokenException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
