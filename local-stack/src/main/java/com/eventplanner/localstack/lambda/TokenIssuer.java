package com.eventplanner.localstack.lambda;

/** Where functions verify access tokens: the issuer's JWKS, and the issuer and audience the tokens must carry. */
public record TokenIssuer(String jwksUrl, String issuer, String audience) {
}
