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
        RateLimit rateLimit,
        Retention retention) {

    public record SigningKey(String secretId, Path file) {
    }

    public record Password(int memoryKib, int iterations, int parallelism, int maxConcurrent) {
    }

    /**
     * One-time codes: email verification codes live {@code ttl}, password reset codes {@code passwordResetTtl}; each
     * dies after {@code maxAttempts} wrong entries, and at most {@code failureBudget} wrong codes per account are
     * accepted per {@code failureWindow}, across all its codes, before every code of the account is refused.
     */
    public record Otp(Duration ttl, Duration passwordResetTtl, int maxAttempts, Duration resendCooldown,
                      int failureBudget, Duration failureWindow) {
    }

    public record Notification(String channel, Path mailboxDir, boolean mailboxEndpoint, String emailFrom) {
    }

    public record RateLimit(Duration window,
                            int registerPerAccount, int registerPerIp,
                            int loginPerAccount, int loginPerIp,
                            int otpVerifyPerAccount, int otpVerifyPerIp,
                            int otpResendPerAccount, int otpResendPerIp,
                            int passwordResetPerAccount, int passwordResetPerIp,
                            int passwordResetConfirmPerAccount, int passwordResetConfirmPerIp) {
    }

    /**
     * Refresh tokens expired, and families ended (revoked, or their last token expired), longer than {@code after}
     * ago are deleted every {@code interval}, {@code batchSize} rows per statement and at most {@code batchesPerRun}
     * statements per kind and run.
     */
    public record Retention(Duration after, Duration interval, int batchSize, int batchesPerRun) {

        public Retention {
            if (after.isNegative() || after.isZero() || batchSize < 1 || batchesPerRun < 1) {
                throw new IllegalArgumentException("retention: after, batch-size and batches-per-run must be positive");
            }
        }
    }
}
