package com.eventplanner.localstack.lambda;

import java.util.Map;

/** Where functions verify access tokens: the issuer's JWKS, and the issuer and audience the tokens must carry. */
public record TokenIssuer(String jwksUrl, String issuer, String audience) {

    /**
     * A JWKS fetch timeout of 10 s instead of 2: locally the issuer shares a laptop's cores with the whole stack, and
     * a cold verifier's first fetch from a busy auth-service can take longer than a network hop in AWS.
     */
    public Map<String, String> localAllowances() {
        return Map.of("EVENTPLANNER_SECURITY_JWKSTIMEOUT", "10s");
    }
}
