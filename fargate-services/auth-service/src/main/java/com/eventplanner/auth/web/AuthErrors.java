package com.eventplanner.auth.web;

import com.eventplanner.web.ApiException;

/**
 * The failures of auth operations a client may see. Details are deliberately generic where a specific one would tell
 * an attacker which check failed (unknown email vs wrong password, wrong vs expired vs used code).
 */
public final class AuthErrors {

    private AuthErrors() {
    }

    public static ApiException invalidCredentials() {
        return new ApiException(401, "INVALID_CREDENTIALS", "The email or password is incorrect.");
    }

    /** Also the answer while the account's code budget is spent: its owner learns that by mail, nobody else. */
    public static ApiException invalidCode() {
        return new ApiException(400, "INVALID_CODE", "The code is wrong, expired or already used, or the password is"
                + " not the one the address was last registered with. Request a new code, or register again.");
    }

    public static ApiException invalidResetCode() {
        return new ApiException(400, "PASSWORD_RESET_CODE_INVALID",
                "The code is wrong, expired or already used. Request a new one.");
    }

    public static ApiException sessionExpired() {
        return new ApiException(401, "SESSION_EXPIRED", "The session ended after a time without use. Log in again.");
    }

    public static ApiException invalidRefreshToken() {
        return new ApiException(401, "INVALID_REFRESH_TOKEN",
                "The refresh token is invalid, expired or revoked. Log in again.");
    }

    public static ApiException emailNotVerified() {
        return new ApiException(403, "EMAIL_NOT_VERIFIED", "Verify the email address first.");
    }

    public static ApiException wrongCurrentPassword() {
        return ApiException.badRequest("INVALID_CURRENT_PASSWORD", "The current password is incorrect.");
    }

    public static ApiException adminOnly() {
        return ApiException.forbidden("This operation needs the ADMIN role.");
    }

    public static ApiException notFound(String what) {
        return ApiException.notFound("NOT_FOUND", what + " does not exist.");
    }
}
