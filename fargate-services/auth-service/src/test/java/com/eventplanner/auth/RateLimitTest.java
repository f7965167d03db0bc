package com.eventplanner.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Limits per account and per client address, counted in Redis. A second instance of the service on the same Redis
 * (what a second Fargate task is) shares the counters: attempts spread over both are limited as one.
 */
class RateLimitTest extends AuthApiTest {

    private static final int LOGIN_PER_ACCOUNT = 5;
    private static final int LOGIN_PER_IP = 20;
    @RegisterExtension
    static final ExtraInstance secondInstance = new ExtraInstance(Map.of());
    private Api second;

    @BeforeEach
    void second() {
        second = secondInstance.api();
    }

    @Test
    void loginAttemptsPerAccountAreCountedAcrossInstances() {
        String email = uniqueEmail("limit-account");
        registerAndVerify(email);
        for (int i = 1; i <= LOGIN_PER_ACCOUNT; i++) {
            Api instance = i % 2 == 0 ? api : second;
            assertProblem(instance.post("/api/auth/login", Map.of("email", email, "password", "wrong-" + i), fromNewIp()), 401);
        }
        Api.Response limited = second.post("/api/auth/login", Map.of("email", email, "password", PASSWORD), fromNewIp());
        assertProblem(limited, 429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertProblem(api.post("/api/auth/login", Map.of("email", email, "password", PASSWORD), fromNewIp()), 429);
        // another account is not affected
        assertThat(login(uniqueEmail("limit-other"), "whatever").status()).isEqualTo(401);
    }

    @Test
    void loginAttemptsPerIpAreCountedAcrossInstances() {
        String[] ip = fromNewIp();
        for (int i = 1; i <= LOGIN_PER_IP; i++) {
            Api instance = i % 2 == 0 ? api : second;
            Api.Response response = instance.post("/api/auth/login",
                    Map.of("email", uniqueEmail("limit-ip"), "password", "wrong password"), ip);
            assertProblem(response, 401);
        }
        Api.Response limited = api.post("/api/auth/login",
                Map.of("email", uniqueEmail("limit-ip"), "password", "wrong password"), ip);
        assertProblem(limited, 429);
        assertThat(limited.header("Retry-After")).isNotBlank();
        assertThat(login(uniqueEmail("limit-ip-elsewhere"), "wrong password").status()).isEqualTo(401);
    }

    @Test
    void otpVerifyIsLimitedPerAccount() {
        String email = uniqueEmail("limit-verify");
        register(email);
        for (int i = 1; i <= 10; i++) {
            Api instance = i % 2 == 0 ? api : second;
            assertThat(instance.post("/api/auth/verify",
                    Map.of("email", email, "code", "000000", "password", PASSWORD), fromNewIp()).status())
                    .isEqualTo(400);
        }
        Api.Response limited = second.post("/api/auth/verify",
                Map.of("email", email, "code", latestCode(email), "password", PASSWORD), fromNewIp());
        assertProblem(limited, 429);
        assertThat(limited.header("Retry-After")).isNotBlank();
    }

    @Test
    void registrationIsLimitedPerAccountWithoutRevealingTheAccount() {
        String email = uniqueEmail("limit-register");
        for (int i = 1; i <= 3; i++) {
            Api instance = i % 2 == 0 ? api : second;
            assertThat(instance.post("/api/auth/register",
                    Map.of("email", email, "password", PASSWORD, "fullName", "Spam Target"), fromNewIp()).status())
                    .isEqualTo(202);
        }
        // each registration replaces the pending one and voids its code, so each mails a new one: the limit bounds them
        assertThat(mailCount(email)).isEqualTo(3);
        Api.Response limited = second.post("/api/auth/register",
                Map.of("email", email, "password", PASSWORD, "fullName", "Spam Target"), fromNewIp());
        assertProblem(limited, 429);
        assertThat(limited.header("Retry-After")).isNotBlank();
    }

    @Test
    void otpResendIsLimitedPerAccount() {
        String email = uniqueEmail("limit-resend");
        for (int i = 1; i <= 3; i++) {
            Api instance = i % 2 == 0 ? api : second;
            assertThat(instance.post("/api/auth/otp/resend", Map.of("email", email), fromNewIp()).status()).isEqualTo(202);
        }
        Api.Response limited = api.post("/api/auth/otp/resend", Map.of("email", email), fromNewIp());
        assertProblem(limited, 429);
        assertThat(limited.header("Retry-After")).isNotBlank();
    }
}
