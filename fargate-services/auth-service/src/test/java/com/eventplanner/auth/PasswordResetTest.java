package com.eventplanner.auth;

import static com.eventplanner.auth.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.eventplanner.audit.AuditRecord;
import com.eventplanner.cache.RedisConnections;

import tools.jackson.databind.JsonNode;

/** Forgotten password: a code by mail, then the code and a new password; every session of the account ends. */
class PasswordResetTest extends AuthApiTest {

    private static final String NEW_PASSWORD = "a new and better secret";
    private static final String RESET_TYPE = "https://eventplanner.local/problems/password-reset-code-invalid";

    @Autowired
    RedisConnections redis;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theMailedCodeSetsANewPasswordOnceAndEndsEverySession() {
        String email = uniqueEmail("reset");
        Api.Response first = newSession(email);
        Api.Response second = login(email, PASSWORD);
        String userId = api.get("/api/auth/me", bearer(first.text("accessToken"))).text("id");

        Api.Response requested = requestReset(email);
        assertThat(requested.status()).as(requested.raw()).isEqualTo(202);
        String code = awaitResetCode(email);

        Api.Response reset = confirm(email, code, NEW_PASSWORD);
        assertThat(reset.status()).as(reset.raw()).isEqualTo(204);

        for (Api.Response session : List.of(first, second)) {
            assertProblem(api.get("/api/auth/me", bearer(session.text("accessToken"))), 401);
            assertProblem(api.post("/api/auth/refresh", Map.of("refreshToken", session.text("refreshToken"))), 401);
        }
        assertThat(jdbc.sql("select count(*) from refresh_token_families where user_id = :id and revoked_at is null")
                .param("id", UUID.fromString(userId)).query(Long.class).single()).isZero();
        assertProblem(login(email, PASSWORD), 401);
        assertThat(login(email, NEW_PASSWORD).status()).isEqualTo(200);

        Api.Response reused = confirm(email, code, "yet another password");
        assertProblem(reused, 400);
        assertThat(reused.text("type")).isEqualTo(RESET_TYPE);
        assertThat(login(email, "yet another password").status()).isEqualTo(401);
        assertThat(subjects(email)).contains("Event Planner: your password was reset");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(auditOf(userId))
                .filteredOn(record -> record.action().equals("auth.password.reset"))
                .singleElement().satisfies(record -> assertThat(record.changes()).containsEntry("sessionsEnded", 2)));
        assertThat(auditOf(userId)).extracting(AuditRecord::action).contains("auth.password.reset_request");
    }

    /** Unknown, unverified and verified addresses: the same answers, and only the verified account gets a code. */
    @Test
    void answersDoNotTellWhetherTheAddressHasAnAccount() {
        String unknown = uniqueEmail("reset-nobody");
        String unverified = uniqueEmail("reset-unverified");
        register(unverified);
        String verified = uniqueEmail("reset-verified");
        registerAndVerify(verified);

        List<Api.Response> requests = List.of(unknown, unverified, verified).stream().map(this::requestReset).toList();
        assertThat(requests).extracting(Api.Response::status).containsOnly(202);
        assertThat(requests).extracting(Api.Response::raw).containsOnly(requests.get(0).raw());
        String code = awaitResetCode(verified);
        assertThat(mailCount(unknown)).isZero();
        assertThat(mailCount(unverified)).as("only its verification code").isEqualTo(1);

        String wrong = wrongCode(code);
        List<Api.Response> confirms = List.of(confirm(unknown, wrong, NEW_PASSWORD),
                confirm(unverified, wrong, NEW_PASSWORD), confirm(verified, wrong, NEW_PASSWORD));
        for (Api.Response answer : confirms) {
            assertProblem(answer, 400);
            assertThat(answer.text("type")).isEqualTo(RESET_TYPE);
            assertThat(answer.text("detail")).isEqualTo(confirms.get(0).text("detail"));
        }
        assertThat(confirm(verified, code, NEW_PASSWORD).status()).isEqualTo(204);
    }

    @Test
    void anExpiredCodeIsRefused() {
        String email = uniqueEmail("reset-expired");
        String code = resetCodeOfANewAccount(email);
        String key = "password-reset:" + userIdOf(email);
        assertThat(redis.sync().pttl(key)).as("a short life").isBetween(1L, Duration.ofMinutes(10).toMillis());
        redis.sync().pexpire(key, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.sync().exists(key) == 0);
        assertProblem(confirm(email, code, NEW_PASSWORD), 400);
        assertThat(login(email, PASSWORD).status()).isEqualTo(200);
    }

    /** The requests of one address are limited whether or not it has an account (the limit says nothing either). */
    @Test
    void requestsAreRateLimitedPerAddress() {
        String known = uniqueEmail("reset-limit-known");
        registerAndVerify(known);
        for (String email : List.of(known, uniqueEmail("reset-limit-unknown"))) {
            for (int i = 0; i < 3; i++) {
                assertThat(requestReset(email).status()).isEqualTo(202);
            }
            Api.Response limited = requestReset(email);
            assertProblem(limited, 429);
            assertThat(limited.header("Retry-After")).isNotBlank();
        }
    }

    /** Wrong reset codes count against the same budget as verification codes; the owner is told when it is spent. */
    @Test
    void wrongResetCodesSpendTheAccountsCodeBudget() {
        String email = uniqueEmail("reset-budget");
        String code = resetCodeOfANewAccount(email);
        String wrong = wrongCode(code);
        for (int i = 0; i < 4; i++) {
            assertProblem(confirm(email, wrong, NEW_PASSWORD), 400);
        }
        redis.sync().del("password-reset-cooldown:" + userIdOf(email));
        requestReset(email);
        String second = awaitResetCode(email, 2);
        String wrongAgain = wrongCode(second);
        assertProblem(confirm(email, wrongAgain, NEW_PASSWORD), 400);
        assertProblem(confirm(email, wrongAgain, NEW_PASSWORD), 400);
        assertThat(subjects(email)).contains("Event Planner: codes refused for now");

        assertProblem(confirm(email, second, NEW_PASSWORD), 400);
        assertThat(login(email, PASSWORD).status()).isEqualTo(200);
    }

    private Api.Response requestReset(String email) {
        return api.post("/api/auth/password-reset", Map.of("email", email), fromNewIp());
    }

    private Api.Response confirm(String email, String code, String newPassword) {
        return api.post("/api/auth/password-reset/confirm",
                Map.of("email", email, "code", code, "newPassword", newPassword), fromNewIp());
    }

    /** A verified account that asked for a reset: the mailed code. */
    private String resetCodeOfANewAccount(String email) {
        registerAndVerify(email);
        assertThat(requestReset(email).status()).isEqualTo(202);
        return awaitResetCode(email);
    }

    private String awaitResetCode(String email) {
        return awaitResetCode(email, 1);
    }

    /** The newest code once {@code count} reset mails arrived; they leave in the background, after the answer. */
    private String awaitResetCode(String email, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> subjects(email).stream()
                .filter("Your Event Planner password reset code"::equals).count() >= count);
        return latestCode(email);
    }

    private List<String> subjects(String email) {
        return api.get("/api/auth/local/mailbox/" + email).json().valueStream()
                .map(mail -> mail.path("subject")).map(JsonNode::asString).toList();
    }

    private UUID userIdOf(String email) {
        return jdbc.sql("select id from users where email = :email").param("email", email).query(UUID.class).single();
    }
}
