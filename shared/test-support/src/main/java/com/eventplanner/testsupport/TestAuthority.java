package com.eventplanner.testsupport;

import com.eventplanner.cache.CacheKeys;
import com.eventplanner.cache.RedisConnections;
import com.eventplanner.security.Role;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.UUID;

/**
 * Stands in for auth-service in other services' tests: an RS256 key published as a JWKS over HTTP, access tokens
 * signed with it, and their sessions at {@code session:<sid>} in the given Redis — as auth-service creates them at
 * login — so services that check sessions accept the tokens until {@link #endSession(String)}.
 */
public final class TestAuthority implements AutoCloseable {

    private final String issuer;
    private final String audience;
    private final RSAKey key;
    private final HttpServer server;
    private final RedisConnections redis;

    public TestAuthority(String issuer, String audience, String redisUrl) {
        this.issuer = issuer;
        this.audience = audience;
        try {
            key = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).algorithm(JWSAlgorithm.RS256).generate();
            byte[] jwks = new JWKSet(key).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/api/auth/.well-known/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            server.start();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // generous: tests create sessions while the build machine is busy; a slow answer is not what they test
        redis = RedisConnections.create(redisUrl, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    public String jwksUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/auth/.well-known/jwks.json";
    }

    /** A valid access token for a live session. */
    public String token(UUID userId, String email, Role... roles) {
        String sessionId = UUID.randomUUID().toString();
        redis.sync().setex(CacheKeys.SESSION.key(sessionId), CacheKeys.SESSION.ttl().toSeconds(), userId.toString());
        return sign(key, userId, email, sessionId, roles);
    }

    /** Signed by a key the JWKS does not hold, under the published key's id: a forgery. */
    public String forgedToken(UUID userId) {
        try {
            RSAKey other = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
            return sign(other, userId, "mallory@example.com", UUID.randomUUID().toString(), Role.ADMIN);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a logout does: the token's session is gone, the token itself is still unexpired. */
    public void endSession(String token) {
        try {
            String sessionId = SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("sid");
            redis.sync().del(CacheKeys.SESSION.key(sessionId));
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWT", e);
        }
    }

    private String sign(RSAKey signer, UUID userId, String email, String sessionId, Role... roles) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer).audience(audience).subject(userId.toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(900)))
                .jwtID(UUID.randomUUID().toString())
                .claim("sid", sessionId)
                .claim("email", email)
                .claim("roles", Arrays.stream(roles).map(Role::name).toList())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(signer));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    @Override
    public void close() {
        server.stop(0);
        redis.close();
    }
}
