package com.eventplanner.booking.service;

import com.eventplanner.localinfra.LocalInfrastructure;
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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What booking-service talks to, all real and started once per test JVM: PostgreSQL, Redis, MongoDB-wire, SQS and
 * the SNS endpoint (local-infra), plus a JWKS endpoint standing in for auth-service, whose RSA key signs the test
 * tokens (RS256, auth-service's default).
 */
public final class TestStack {

    static final String ISSUER = "https://auth.eventplanner.local";
    static final String AUDIENCE = "eventplanner";
    private static TestStack instance;

    final LocalInfrastructure infra;
    private final RSAKey signingKey;
    private final String jwksUrl;

    private TestStack() {
        infra = LocalInfrastructure.start();
        // the SDK's default credential chain reads these; local-infra accepts any credentials
        System.setProperty("aws.accessKeyId", infra.credentials().resolveCredentials().accessKeyId());
        System.setProperty("aws.secretAccessKey", infra.credentials().resolveCredentials().secretAccessKey());
        try {
            signingKey = new RSAKeyGenerator(2048).keyID("test-key-1").algorithm(JWSAlgorithm.RS256).generate();
            byte[] jwks = new JWKSet(signingKey).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/auth/.well-known/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            server.start();
            jwksUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/auth/.well-known/jwks.json";
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException("JWKS endpoint did not start", e);
        }
    }

    public static synchronized TestStack get() {
        if (instance == null) {
            instance = new TestStack();
        }
        return instance;
    }

    /** Points the application at this stack, as the environment variables would in a deployment. */
    public static void register(DynamicPropertyRegistry registry) {
        TestStack stack = get();
        LocalInfrastructure infra = stack.infra;
        registry.add("spring.datasource.url", () -> infra.jdbcUrl("booking"));
        registry.add("spring.datasource.username", infra::username);
        registry.add("spring.datasource.password", infra::password);
        registry.add("eventplanner.redis.url", infra::redisUri);
        registry.add("eventplanner.mongodb.uri", infra::mongoUri);
        registry.add("eventplanner.security.jwks-url", () -> stack.jwksUrl);
        registry.add("eventplanner.security.issuer", () -> ISSUER);
        registry.add("eventplanner.security.audience", () -> AUDIENCE);
        Map<String, String> environment = new LinkedHashMap<>(infra.environment());
        environment.forEach((name, value) -> {
            if (name.startsWith("AWS_") || name.endsWith("_TOPIC_ARN")) {
                registry.add(name, () -> value);
            }
        });
    }

    /** An access token as auth-service issues it. */
    public String token(UUID userId, String email, Role... roles) {
        return sign(signingKey, userId, email, roles);
    }

    /** Signed by a key the JWKS does not hold, under the JWKS key's id: a forgery. */
    public String forgedToken(UUID userId) {
        try {
            RSAKey other = new RSAKeyGenerator(2048).keyID(signingKey.getKeyID()).generate();
            return sign(other, userId, "mallory@example.com", Role.ADMIN);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(RSAKey key, UUID userId, String email, Role... roles) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(AUDIENCE).subject(userId.toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(900)))
                .jwtID(UUID.randomUUID().toString())
                .claim("sid", UUID.randomUUID().toString())
                .claim("email", email)
                .claim("roles", Arrays.stream(roles).map(Role::name).toList())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new UncheckedIOException(new IOException(e));
        }
        return jwt.serialize();
    }
}
