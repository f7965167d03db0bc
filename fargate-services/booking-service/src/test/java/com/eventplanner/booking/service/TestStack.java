package com.eventplanner.booking.service;

import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.security.Role;
import com.eventplanner.testsupport.TestAuthority;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What booking-service talks to, all real and started once per test JVM: PostgreSQL, Redis, MongoDB-wire, SQS and
 * the SNS endpoint (local-infra), plus a {@link TestAuthority} standing in for auth-service: its JWKS, tokens and
 * the Redis sessions they belong to.
 */
public final class TestStack {

    static final String ISSUER = "https://auth.eventplanner.local";
    static final String AUDIENCE = "eventplanner";
    private static TestStack instance;

    final LocalInfrastructure infra;
    final TestAuthority authority;

    private TestStack() {
        infra = LocalInfrastructure.start();
        // the SDK's default credential chain reads these; local-infra accepts any credentials
        System.setProperty("aws.accessKeyId", infra.credentials().resolveCredentials().accessKeyId());
        System.setProperty("aws.secretAccessKey", infra.credentials().resolveCredentials().secretAccessKey());
        authority = new TestAuthority(ISSUER, AUDIENCE, infra.redisUri());
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
        registry.add("eventplanner.security.jwks-url", stack.authority::jwksUrl);
        registry.add("eventplanner.security.issuer", () -> ISSUER);
        registry.add("eventplanner.security.audience", () -> AUDIENCE);
        Map<String, String> environment = new LinkedHashMap<>(infra.environment());
        environment.forEach((name, value) -> {
            if (name.startsWith("AWS_") || name.endsWith("_TOPIC_ARN")) {
                registry.add(name, () -> value);
            }
        });
    }

    /** An access token as auth-service issues it, for a live session. */
    public String token(UUID userId, String email, Role... roles) {
        return authority.token(userId, email, roles);
    }

    /** Signed by a key the JWKS does not hold, under the JWKS key's id: a forgery. */
    public String forgedToken(UUID userId) {
        return authority.forgedToken(userId);
    }
}
