package com.eventplanner.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventplanner.security.*}; jwks-url, issuer and audience default to AUTH_JWKS_URL, AUTH_ISSUER and
 * AUTH_AUDIENCE (see {@link SecurityPropertyDefaults}).
 */
@ConfigurationProperties("eventplanner.security")
public record JwtVerifierProperties(
        String jwksUrl,
        String issuer,
        String audience,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue("5m") Duration jwksCacheTtl,
        @DefaultValue("30s") Duration jwksRefetchInterval,
        @DefaultValue("2s") Duration jwksTimeout,
        @DefaultValue("4096") int verifiedTokenCacheSize) {
}
