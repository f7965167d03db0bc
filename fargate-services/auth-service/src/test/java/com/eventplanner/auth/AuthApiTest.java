package com.eventplanner.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.eventplanner.audit.AuditQueries;
import com.eventplanner.audit.AuditRecord;
import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.testsupport.LocalInfrastructureExtension;
import com.eventplanner.testsupport.WithLocalInfrastructure;

/**
 * Base of the HTTP tests: every subclass runs against the same application context (one Tomcat on a random port)
 * backed by real PostgreSQL, Redis and a MongoDB-wire server.
 */
@WithLocalInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"local", "test"})
abstract class AuthApiTest {

    static final String PASSWORD = "correct horse battery";
    static final String ADMIN_EMAIL = "admin@test.local";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final AtomicInteger IPS = new AtomicInteger(1);

    @LocalServerPort
    int port;

    @Autowired
    AuditQueries auditQueries;

    Api api;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        infrastructureProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** Points an instance at the JVM-wide local infrastructure: database {@code auth}, Redis, MongoDB-wire. */
    static Map<String, String> infrastructureProperties() {
        LocalInfrastructure infrastructure = LocalInfrastructureExtension.current();
        return Map.of(
                "spring.datasource.url", infrastructure.jdbcUrl("auth"),
                "spring.datasource.username", infrastructure.username(),
                "spring.datasource.password", infrastructure.password(),
                "eventplanner.redis.url", infrastructure.redisUri(),
                "eventplanner.mongodb.uri", infrastructure.mongoUri());
    }

    /**
     * Another instance of the service on the same infrastructure (what a second Fargate task is), with the given
     * profiles. Command-line arguments, so they win over application.yml like the test context's dynamic properties.
     */
    static ConfigurableApplicationContext startInstance(String... profiles) {
        return startInstance(Map.of(), profiles);
    }

    /** The same with some settings of its own, e.g. a short session lifetime. */
    static ConfigurableApplicationContext startInstance(Map<String, String> settings, String... profiles) {
        String[] args = Stream.of(infrastructureProperties(), settings, Map.of("server.port", "0"))
                .flatMap(properties -> properties.entrySet().stream())
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(AuthServiceApplication.class).profiles(profiles).run(args);
    }

    static Api apiOf(ConfigurableApplicationContext instance) {
        return new Api(((WebServerApplicationContext) instance).getWebServer().getPort());
    }

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** A fresh client address per call, so per-IP counters of one test never touch another's. */
    static String[] fromNewIp() {
        int n = IPS.getAndIncrement();
        return new String[] {"X-Forwarded-For", "203.0." + (n / 250) + "." + (n % 250 + 1)};
    }

    /** The newest 6-digit code the local mailbox endpoint holds for the address. */
    String latestCode(String email) {
        Api.Response mailbox = api.get("/api/auth/local/mailbox/" + email);
        assertThat(mailbox.status()).isEqualTo(200);
        List<String> codes = mailbox.json().valueStream()
                .map(message -> message.path("body").asString())
                .map(CODE::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
        assertThat(codes).as("codes mailed to %s", email).isNotEmpty();
        return codes.get(codes.size() - 1);
    }

    /** A well-formed code that is not {@code code}. */
    static String wrongCode(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    int mailCount(String email) {
        return api.get("/api/auth/local/mailbox/" + email).json().size();
    }

    void register(String email) {
        Api.Response response = api.post("/api/auth/register",
                Map.of("email", email, "password", PASSWORD, "fullName", "Test User"), fromNewIp());
        assertThat(response.status()).isEqualTo(202);
    }

    void registerAndVerify(String email) {
        register(email);
        Api.Response verified = verify(email, latestCode(email), PASSWORD);
        assertThat(verified.status()).as(verified.raw()).isEqualTo(200);
    }

    Api.Response verify(String email, String code, String password) {
        return api.post("/api/auth/verify", Map.of("email", email, "code", code, "password", password), fromNewIp());
    }

    Api.Response login(String email, String password) {
        return api.post("/api/auth/login", Map.of("email", email, "password", password), fromNewIp());
    }

    /** Registers, verifies and logs in; answers the token response. */
    Api.Response newSession(String email) {
        registerAndVerify(email);
        Api.Response tokens = login(email, PASSWORD);
        assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
        return tokens;
    }

    List<AuditRecord> auditOf(String userId) {
        return auditQueries.byUser(userId, java.time.Instant.EPOCH, java.time.Instant.now().plusSeconds(60), 100);
    }

    static void assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
    }
}
