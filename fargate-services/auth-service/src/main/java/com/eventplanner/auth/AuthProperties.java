package com.eventplanner.auth;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Everything configurable about the auth service; defaults live in application.yml, overrides come from env vars. */
@ConfigurationProperties("eventplanner.auth")
public record AuthProperties(
        String issuer,
        String audience,
        String adminEmail,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        Duration sessionTtl,
        SigningKey signingKey,
        Password password,
        Otp otp,
        Notification notification,
        RateLimit rateLimit) {

    public record SigningKey(String secretId, Path file) {
    }

    public record Password(int memoryKib, int iterations, int parallelism, int maxConcurrent) {
    }

    public record Otp(Duration ttl, int maxAttempts, Duration resendCooldown) {
    }

    public record Notification(String channel, Path mailboxDir, boolean mailboxEndpoint, String emailFrom) {
    }

    public record RateLimit(Duration window,
                            int registerPerAccount, int registerPerIp,
                            int loginPerAccount, int loginPerIp,
                            int otpVerifyPerAccount, int otpVerifyPerIp,
                            int otpResendPerAccount, int otpResendPerIp) {
    }
}
