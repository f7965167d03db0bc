package com.eventplanner.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.eventplanner.cache.RedisConnections;

import io.lettuce.core.api.sync.RedisCommands;

class OtpTest extends AuthApiTest {

    @Autowired
    RedisConnections connections;

    RedisCommands<String, String> redis;

    @BeforeEach
    void redis() {
        redis = connections.sync();
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void fiveWrongCodesInvalidateTheCode() {
        String email = uniqueEmail("otp-wrong");
        register(email);
        String code = latestCode(email);
        String wrong = wrongCode(code);
        for (int i = 0; i < 5; i++) {
            assertProblem(verify(email, wrong), 400);
        }
        assertProblem(verify(email, code), 400);
        assertProblem(login(email, PASSWORD), 403);
    }

    @Test
    void fourWrongCodesStillLeaveTheRightOneUsable() {
        String email = uniqueEmail("otp-four");
        register(email);
        String code = latestCode(email);
        String wrong = wrongCode(code);
        for (int i = 0; i < 4; i++) {
            assertProblem(verify(email, wrong), 400);
        }
        assertThat(verify(email, code).status()).isEqualTo(200);
    }

    /**
     * Five tries per code and a new code a minute would allow thousands of guesses a day: wrong codes are capped per
     * account across its codes (6 in the test profile), after which even the right code is refused for the window,
     * and the owner is mailed once.
     */
    @Test
    void wrongCodesAreCappedPerAccountAcrossCodesAndTheOwnerIsTold() {
        String email = uniqueEmail("otp-budget");
        register(email);
        String first = latestCode(email);
        String wrong = wrongCode(first);
        for (int i = 0; i < 5; i++) {
            assertProblem(verify(email, wrong), 400);
        }
        redis.del("otp-cooldown:" + userIdOf(email));
        assertThat(api.post("/api/auth/otp/resend", Map.of("email", email), fromNewIp()).status()).isEqualTo(202);
        String second = latestCode(email);
        String wrongAgain = wrongCode(second);
        int mails = mailCount(email);
        assertProblem(verify(email, wrongAgain), 400);
        assertThat(mailCount(email)).as("the owner is told when the budget is spent").isEqualTo(mails + 1);
        assertThat(api.get("/api/auth/local/mailbox/" + email).json().get(mails).path("subject").asString())
                .isEqualTo("Event Planner: codes refused for now");

        String failures = "otp-failures:" + userIdOf(email);
        assertThat(redis.pttl(failures)).as("refused for a window").isGreaterThan(Duration.ofMinutes(59).toMillis());
        assertProblem(verify(email, second), 400);
        assertProblem(login(email, PASSWORD), 403);
        assertThat(mailCount(email)).as("told once").isEqualTo(mails + 1);

        redis.del(failures);
        assertThat(verify(email, second).status()).as("the window over, the code works again").isEqualTo(200);
    }

    @Test
    void expiredCodeIsRejected() {
        String email = uniqueEmail("otp-expired");
        register(email);
        String code = latestCode(email);
        String key = "otp:" + userIdOf(email);
        assertThat(redis.pttl(key)).isBetween(1L, 5 * 60 * 1000L);
        redis.pexpire(key, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.exists(key) == 0);
        assertProblem(verify(email, code), 400);
    }

    @Test
    void usedCodeIsRejected() {
        String email = uniqueEmail("otp-used");
        register(email);
        String code = latestCode(email);
        assertThat(verify(email, code).status()).isEqualTo(200);
        assertProblem(verify(email, code), 400);
    }

    @Test
    void codeIsStoredOnlyAsAKeyedHash() throws Exception {
        String email = uniqueEmail("otp-hash");
        register(email);
        String code = latestCode(email);
        Map<String, String> stored = redis.hgetall("otp:" + userIdOf(email));
        assertThat(stored).containsKeys("hash", "attempts");
        assertThat(stored.values()).noneMatch(value -> value.contains(code));
        // keyed: the million possible codes cannot be tried against a plain hash of what Redis holds
        assertThat(stored.get("hash")).hasSize(64).isNotEqualTo(sha256Hex(userIdOf(email) + ":" + code));
    }

    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void resendHasACooldownAndReplacesTheCode() {
        String email = uniqueEmail("otp-resend");
        register(email);
        int mails = mailCount(email);
        Api.Response resend = api.post("/api/auth/otp/resend", Map.of("email", email), fromNewIp());
        assertThat(resend.status()).isEqualTo(202);
        assertThat(mailCount(email)).as("no second code within the cooldown").isEqualTo(mails);

        redis.del("otp-cooldown:" + userIdOf(email));
        String oldCode = latestCode(email);
        assertThat(api.post("/api/auth/otp/resend", Map.of("email", email), fromNewIp()).status()).isEqualTo(202);
        assertThat(mailCount(email)).isEqualTo(mails + 1);
        String newCode = latestCode(email);
        if (!newCode.equals(oldCode)) {
            assertProblem(verify(email, oldCode), 400);
        }
        assertThat(verify(email, newCode).status()).isEqualTo(200);
    }

    @Test
    void unknownEmailAnswersLikeAWrongCode() {
        Api.Response unknown = verify(uniqueEmail("otp-nobody"), "123456");
        String email = uniqueEmail("otp-known");
        register(email);
        String wrong = latestCode(email).equals("123456") ? "654321" : "123456";
        Api.Response known = verify(email, wrong);
        assertProblem(unknown, 400);
        assertProblem(known, 400);
        assertThat(unknown.json().path("detail")).isEqualTo(known.json().path("detail"));
        Api.Response resendUnknown = api.post("/api/auth/otp/resend", Map.of("email", uniqueEmail("otp-nobody")), fromNewIp());
        assertThat(resendUnknown.status()).isEqualTo(202);
    }

    private Api.Response verify(String email, String code) {
        return verify(email, code, PASSWORD);
    }

    private String userIdOf(String email) {
        return jdbc.sql("select id from users where email = :email").param("email", email)
                .query(UUID.class).single().toString();
    }
}
