package com.eventplanner.auth.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import com.eventplanner.auth.AuthProperties;
import com.eventplanner.auth.audit.AuthAudit;
import com.eventplanner.auth.otp.NotificationChannel;
import com.eventplanner.auth.otp.OtpService;
import com.eventplanner.auth.ratelimit.RateLimiter;
import com.eventplanner.auth.ratelimit.RateLimiter.Limit;
import com.eventplanner.auth.session.SessionService;
import com.eventplanner.auth.web.AuthErrors;
import com.eventplanner.auth.web.ClientInfo;
import com.eventplanner.security.AuthenticatedUser;
import com.eventplanner.security.Role;

/**
 * Registration, email verification and password changes. Register and resend answer the same whether or not the
 * email has an account, so neither can be used to find out who is registered.
 */
@Service
class AccountService {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final OtpService otp;
    private final NotificationChannel channel;
    private final SessionService sessions;
    private final RateLimiter rateLimiter;
    private final AuthProperties.RateLimit limits;
    private final String adminEmail;
    private final AuthAudit audit;
    private final Clock clock;

    AccountService(UserRepository users, PasswordHasher hasher, OtpService otp, NotificationChannel channel,
                   SessionService sessions, RateLimiter rateLimiter, AuthProperties properties, AuthAudit audit,
                   Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.otp = otp;
        this.channel = channel;
        this.sessions = sessions;
        this.rateLimiter = rateLimiter;
        this.limits = properties.rateLimit();
        this.adminEmail = properties.adminEmail() == null || properties.adminEmail().isBlank()
                ? null : Emails.normalize(properties.adminEmail());
        this.audit = audit;
        this.clock = clock;
    }

    void register(AccountRequests.Register request, ClientInfo client) {
        String email = Emails.normalize(request.email());
        // every registration costs an Argon2id run and sends a mail: limited like a login
        rateLimiter.acquire("register", Limit.perAccount(email, limits.registerPerAccount()),
                Limit.perIp(client.ip(), limits.registerPerIp()));
        // hashed before the lookup so that an existing email costs the same time as a new one
        String hash = hasher.hash(request.password());
        User existing = users.findByEmail(email).orElse(null);
        if (existing == null) {
            try {
                User user = users.save(User.register(email, hash, request.fullName().strip(), request.phone(), clock.instant()));
                otp.issue(user.id(), email);
                audit.record(AuthAudit.REGISTER, user.id(), user.id(), Map.of("email", email), client);
                return;
            } catch (DuplicateKeyException raced) {
                existing = users.findByEmail(email).orElseThrow();
            }
        }
        if (existing.emailVerified()) {
            channel.send(new NotificationChannel.Message(email, "Event Planner: registration attempt",
                    "Someone tried to register with your address. You already have an account; if that was you, log in"
                            + " or reset your password."));
        } else {
            otp.resend(existing.id(), email);
        }
        audit.record(AuthAudit.REGISTER_EXISTING, existing.id(), existing.id(), Map.of("email", email), client);
    }

    void verify(AccountRequests.Verify request, ClientInfo client) {
        String email = Emails.normalize(request.email());
        rateLimiter.acquire("otp-verify", Limit.perAccount(email, limits.otpVerifyPerAccount()),
                Limit.perIp(client.ip(), limits.otpVerifyPerIp()));
        User user = users.findByEmail(email).orElse(null);
        if (user == null) {
            audit.record(AuthAudit.VERIFY_FAILURE, null, null, Map.of("email", email, "result", "unknown"), client);
            throw AuthErrors.invalidCode();
        }
        OtpService.Check check = otp.verify(user.id(), request.code());
        if (check != OtpService.Check.ACCEPTED) {
            audit.record(AuthAudit.VERIFY_FAILURE, user.id(), user.id(), Map.of("result", check.name()), client);
            throw AuthErrors.invalidCode();
        }
        Instant now = clock.instant();
        User verified = user.verified(now);
        if (email.equals(adminEmail)) {
            verified = verified.withRole(Role.ADMIN, now);
        }
        users.save(verified);
        audit.record(AuthAudit.VERIFY, user.id(), user.id(),
                Map.of("emailVerified", true, "roles", verified.roleSet().stream().map(Role::name).toList()), client);
    }

    void resend(AccountRequests.Resend request, ClientInfo client) {
        String email = Emails.normalize(request.email());
        rateLimiter.acquire("otp-resend", Limit.perAccount(email, limits.otpResendPerAccount()),
                Limit.perIp(client.ip(), limits.otpResendPerIp()));
        users.findByEmail(email)
                .filter(user -> !user.emailVerified())
                .ifPresent(user -> otp.resend(user.id(), email));
    }

    AccountView me(AuthenticatedUser principal) {
        return users.findById(principal.userId()).map(AccountView::of)
                .orElseThrow(() -> AuthErrors.notFound("The account"));
    }

    /** Ends every other session of the user: whoever else holds the old password loses access. */
    void changePassword(AuthenticatedUser principal, AccountRequests.ChangePassword request, ClientInfo client) {
        rateLimiter.acquire("password-change", Limit.perAccount(principal.email(), limits.loginPerAccount()),
                Limit.perIp(client.ip(), limits.loginPerIp()));
        User user = users.findById(principal.userId()).orElseThrow(() -> AuthErrors.notFound("The account"));
        if (!hasher.matches(request.currentPassword(), user.passwordHash())) {
            throw AuthErrors.wrongCurrentPassword();
        }
        users.save(user.withPasswordHash(hasher.hash(request.newPassword()), clock.instant()));
        List<UUID> ended = sessions.endSessions(user.id(), UUID.fromString(principal.sessionId()), "PASSWORD_CHANGE");
        audit.record(AuthAudit.PASSWORD_CHANGE, user.id(), user.id(), Map.of("sessionsEnded", ended.size()), client);
    }
}
