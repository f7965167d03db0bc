package com.eventplanner.auth.account;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.eventplanner.auth.AuthProperties;
import com.eventplanner.auth.audit.AuthAudit;
import com.eventplanner.auth.otp.NotificationChannel;
import com.eventplanner.auth.otp.OtpService;
import com.eventplanner.auth.otp.OtpService.Purpose;
import com.eventplanner.auth.ratelimit.RateLimiter;
import com.eventplanner.auth.ratelimit.RateLimiter.Limit;
import com.eventplanner.auth.session.SessionService;
import com.eventplanner.auth.web.AuthErrors;
import com.eventplanner.auth.web.ClientInfo;
import com.eventplanner.web.ApiException;

/**
 * Forgotten passwords: a request mails a single-use code to a verified account; the code and a new password set the
 * password and end every session of the account. Neither step tells whether the email has an account: the request
 * answers before it looks the email up (lookup, code and mail happen in the background, so an SES round trip cannot
 * time the answer), and the confirmation hashes the new password before the lookup and fails alike for every reason.
 */
@Service
class PasswordResetService {

    private static final Logger log = LoggerFactory.getLogger(PasswordResetService.class);

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final OtpService otp;
    private final NotificationChannel channel;
    private final SessionService sessions;
    private final RateLimiter rateLimiter;
    private final AuthProperties.RateLimit limits;
    private final AuthAudit audit;
    private final Clock clock;
    /** Bounded: a flood of requests is refused with 503 rather than queued without end. */
    private final ThreadPoolExecutor background = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1_000), runnable -> {
                Thread thread = new Thread(runnable, "password-reset-mail");
                thread.setDaemon(true);
                return thread;
            });

    PasswordResetService(UserRepository users, PasswordHasher hasher, OtpService otp, NotificationChannel channel,
                         SessionService sessions, RateLimiter rateLimiter, AuthProperties properties,
                         AuthAudit audit, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.otp = otp;
        this.channel = channel;
        this.sessions = sessions;
        this.rateLimiter = rateLimiter;
        this.limits = properties.rateLimit();
        this.audit = audit;
        this.clock = clock;
    }

    void request(AccountRequests.PasswordReset request, ClientInfo client) {
        String email = Emails.normalize(request.email());
        rateLimiter.acquire("password-reset", Limit.perAccount(email, limits.passwordResetPerAccount()),
                Limit.perIp(client.ip(), limits.passwordResetPerIp()));
        try {
            background.execute(() -> sendCode(email, client));
        } catch (RejectedExecutionException busy) {
            throw new ApiException(503, "SERVICE_BUSY", "Too many requests right now. Try again in a minute.");
        }
    }

    /** One code per resend cooldown, so repeated requests cannot flood the mailbox; unverified accounts get none. */
    private void sendCode(String email, ClientInfo client) {
        try {
            User user = users.findByEmail(email).filter(User::emailVerified).orElse(null);
            if (user == null) {
                audit.record(AuthAudit.PASSWORD_RESET_REQUEST, null, null, Map.of("email", email, "codeSent", false),
                        client);
                return;
            }
            boolean sent = otp.resend(Purpose.PASSWORD_RESET, user.id(), email);
            audit.record(AuthAudit.PASSWORD_RESET_REQUEST, user.id(), user.id(), Map.of("codeSent", sent), client);
        } catch (RuntimeException e) {
            log.warn("password reset code could not be sent: {}", e.toString());
        }
    }

    void confirm(AccountRequests.ConfirmPasswordReset request, ClientInfo client) {
        String email = Emails.normalize(request.email());
        rateLimiter.acquire("password-reset-confirm", Limit.perAccount(email, limits.passwordResetConfirmPerAccount()),
                Limit.perIp(client.ip(), limits.passwordResetConfirmPerIp()));
        // hashed before the lookup so that an unknown email costs the same time as a known one
        String hash = hasher.hash(request.newPassword());
        User user = users.findByEmail(email).filter(User::emailVerified).orElse(null);
        if (user == null) {
            audit.record(AuthAudit.PASSWORD_RESET_FAILURE, null, null, Map.of("email", email, "result", "unknown"),
                    client);
            throw AuthErrors.invalidResetCode();
        }
        OtpService.Check check = otp.verify(Purpose.PASSWORD_RESET, user.id(), email, request.code());
        if (check != OtpService.Check.ACCEPTED) {
            audit.recordCodeFailure(AuthAudit.PASSWORD_RESET_FAILURE, user.id(), check, client);
            throw AuthErrors.invalidResetCode();
        }
        users.setPasswordHash(user.id(), hash, clock.instant());
        List<UUID> ended = sessions.endSessions(user.id(), null, "PASSWORD_RESET");
        channel.send(new NotificationChannel.Message(email, "Event Planner: your password was reset",
                "The password of your account was reset and every session was logged out. If that was not you,"
                        + " reset it again now and check your mailbox's security."));
        audit.record(AuthAudit.PASSWORD_RESET, user.id(), user.id(), Map.of("sessionsEnded", ended.size()), client);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        background.shutdown();
        background.awaitTermination(5, TimeUnit.SECONDS);
    }
}
