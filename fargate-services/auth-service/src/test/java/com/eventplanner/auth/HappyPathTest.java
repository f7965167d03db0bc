package com.eventplanner.auth;

import static com.eventplanner.auth.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.eventplanner.audit.AuditRecord;

class HappyPathTest extends AuthApiTest {

    @Test
    void registerVerifyLoginMeRefreshLogout() {
        String email = uniqueEmail("happy");

        Api.Response registered = api.post("/api/auth/register",
                Map.of("email", email, "password", PASSWORD, "fullName", "Ada Lovelace", "phone", "+44 20 7946 0000"),
                "User-Agent", "happy-path-test");
        assertThat(registered.status()).isEqualTo(202);

        Api.Response beforeVerify = login(email, PASSWORD);
        assertProblem(beforeVerify, 403);

        Api.Response verified = verify(email, latestCode(email), PASSWORD);
        assertThat(verified.status()).as(verified.raw()).isEqualTo(200);

        Api.Response tokens = login(email.toUpperCase(), PASSWORD);
        assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
        assertThat(tokens.text("tokenType")).isEqualTo("Bearer");
        assertThat(tokens.json().path("expiresIn").asInt()).isEqualTo(900);
        assertThat(tokens.json().path("refreshExpiresIn").asInt()).isEqualTo(7 * 24 * 3600);
        String access = tokens.text("accessToken");
        String refresh = tokens.text("refreshToken");
        assertThat(claims(access)).contains("\"name\":\"Ada Lovelace\"");

        Api.Response me = api.get("/api/auth/me", bearer(access));
        assertThat(me.status()).as(me.raw()).isEqualTo(200);
        assertThat(me.text("email")).isEqualTo(email);
        assertThat(me.text("fullName")).isEqualTo("Ada Lovelace");
        assertThat(me.json().path("emailVerified").asBoolean()).isTrue();
        assertThat(me.json().path("roles").valueStream().map(r -> r.asString()).toList()).containsExactly("ATTENDEE");
        assertThat(me.raw()).doesNotContain("argon2").doesNotContain("password");
        String userId = me.text("id");

        Api.Response refreshed = api.post("/api/auth/refresh", Map.of("refreshToken", refresh));
        assertThat(refreshed.status()).as(refreshed.raw()).isEqualTo(200);
        String newAccess = refreshed.text("accessToken");
        String newRefresh = refreshed.text("refreshToken");
        assertThat(claims(newAccess)).contains("\"name\":\"Ada Lovelace\"");
        assertThat(newRefresh).isNotEqualTo(refresh);
        assertThat(api.get("/api/auth/me", bearer(newAccess)).status()).isEqualTo(200);

        Api.Response logout = api.post("/api/auth/logout", "", bearer(newAccess));
        assertThat(logout.status()).as(logout.raw()).isEqualTo(204);

        Api.Response refreshAfterLogout = api.post("/api/auth/refresh", Map.of("refreshToken", newRefresh));
        assertProblem(refreshAfterLogout, 401);
        Api.Response meAfterLogout = api.get("/api/auth/me", bearer(newAccess));
        assertProblem(meAfterLogout, 401);
        assertThat(meAfterLogout.header("WWW-Authenticate")).contains("invalid_token");
        assertProblem(api.get("/api/auth/me", bearer(access)), 401);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var records = auditOf(userId);
            assertThat(records).extracting(AuditRecord::action)
                    .contains("auth.register", "auth.login.failure", "auth.verify", "auth.login.success", "auth.logout");
            AuditRecord register = records.stream().filter(r -> r.action().equals("auth.register")).findFirst().orElseThrow();
            assertThat(register.userAgent()).isEqualTo("happy-path-test");
            assertThat(register.ipAddress()).isEqualTo("127.0.0.1");
            assertThat(register.service()).isEqualTo("auth-service");
        });
    }

    @Test
    void meWithoutTokenIsUnauthorized() {
        Api.Response response = api.get("/api/auth/me");
        assertProblem(response, 401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void registeringAnExistingEmailAnswersTheSameAndNotifiesTheOwner() {
        String email = uniqueEmail("dup");
        registerAndVerify(email);
        int mailsBefore = mailCount(email);
        Api.Response again = api.post("/api/auth/register",
                Map.of("email", email, "password", "another password", "fullName", "Mallory"), fromNewIp());
        Api.Response fresh = api.post("/api/auth/register",
                Map.of("email", uniqueEmail("fresh"), "password", "another password", "fullName", "Mallory"), fromNewIp());
        assertThat(again.status()).isEqualTo(fresh.status()).isEqualTo(202);
        assertThat(again.raw()).isEqualTo(fresh.raw());
        assertThat(mailCount(email)).isEqualTo(mailsBefore + 1);
        assertProblem(login(email, "another password"), 401);
        assertThat(login(email, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void unknownEmailAndWrongPasswordFailAlike() {
        String email = uniqueEmail("enum");
        registerAndVerify(email);
        Api.Response wrongPassword = login(email, "wrong password!");
        Api.Response unknownEmail = login(uniqueEmail("nobody"), "wrong password!");
        assertProblem(wrongPassword, 401);
        assertProblem(unknownEmail, 401);
        assertThat(wrongPassword.json().path("detail")).isEqualTo(unknownEmail.json().path("detail"));
        assertThat(wrongPassword.json().path("type")).isEqualTo(unknownEmail.json().path("type"));
    }

    /** The payload of a JWS, which services read claims such as the display name from. */
    private static String claims(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }
}
