package com.eventplanner.auth;

import static com.eventplanner.auth.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The idle session (seed section 8.1: 30 minutes, sliding) on an instance whose sessions last {@link #IDLE} instead,
 * with real Redis expiry: use within the window extends the session, refresh included; a session left idle past it
 * is over, and its refresh token with it.
 */
class SessionIdleTimeoutTest extends AuthApiTest {

    private static final Duration IDLE = Duration.ofSeconds(4);
    @RegisterExtension
    static final ExtraInstance instance = new ExtraInstance(Map.of("eventplanner.auth.session-ttl", IDLE.toMillis() + "ms"));
    private Api shortSessions;

    @BeforeEach
    void shortSessions() {
        shortSessions = instance.api();
    }

    @Test
    void refreshingWithinTheWindowExtendsTheSession() throws InterruptedException {
        String email = uniqueEmail("idle-used");
        registerAndVerify(email);
        Api.Response tokens = loginThere(email);
        for (int i = 0; i < 3; i++) {
            // 0.6 of the window each time: 1.8 windows in all, so only a slid session is still open at the end
            Thread.sleep(IDLE.multipliedBy(6).dividedBy(10).toMillis());
            tokens = refresh(tokens.text("refreshToken"));
            assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
        }
        assertThat(shortSessions.get("/api/auth/me", bearer(tokens.text("accessToken"))).status()).isEqualTo(200);
    }

    @Test
    void aSessionIdlePastTheWindowIsOverAndRefreshNeedsANewLogin() throws InterruptedException {
        String email = uniqueEmail("idle-left");
        registerAndVerify(email);
        Api.Response tokens = loginThere(email);
        Thread.sleep(IDLE.multipliedBy(3).dividedBy(2).toMillis());

        Api.Response refused = refresh(tokens.text("refreshToken"));
        assertProblem(refused, 401);
        assertThat(refused.text("type")).isEqualTo("https://eventplanner.local/problems/session-expired");
        assertProblem(shortSessions.get("/api/auth/me", bearer(tokens.text("accessToken"))), 401);
        assertProblem(refresh(tokens.text("refreshToken")), 401);

        Api.Response again = loginThere(email);
        assertThat(shortSessions.get("/api/auth/me", bearer(again.text("accessToken"))).status()).isEqualTo(200);
    }

    private Api.Response loginThere(String email) {
        Api.Response tokens = shortSessions.post("/api/auth/login", Map.of("email", email, "password", PASSWORD),
                fromNewIp());
        assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
        return tokens;
    }

    private Api.Response refresh(String refreshToken) {
        return shortSessions.post("/api/auth/refresh", Map.of("refreshToken", refreshToken));
    }
}
