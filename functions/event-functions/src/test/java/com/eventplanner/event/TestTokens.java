package com.eventplanner.event;

import com.eventplanner.security.Role;
import com.eventplanner.testsupport.LocalInfrastructureExtension;
import com.eventplanner.testsupport.TestAuthority;
import java.util.UUID;

/** Stands in for auth-service with the issuer and audience of the template: JWKS, tokens, live sessions. */
final class TestTokens implements AutoCloseable {

    static final String ISSUER = "https://auth.eventplanner.test/api/auth";
    static final String AUDIENCE = "eventplanner-api";

    private final TestAuthority authority =
            new TestAuthority(ISSUER, AUDIENCE, LocalInfrastructureExtension.current().redisUri());

    String jwksUrl() {
        return authority.jwksUrl();
    }

    String token(UUID userId, Role... roles) {
        return authority.token(userId, userId + "@example.com", roles);
    }

    void endSession(String token) {
        authority.endSession(token);
    }

    @Override
    public void close() {
        authority.close();
    }
}
