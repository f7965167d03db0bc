package com.eventplanner.auth.session;

/** OAuth-style token answer of login and refresh. */
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
                            long refreshExpiresIn) {
}
