package com.eventplanner.auth.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

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
import com.eventplanner.security.AuthenticatedUser;
import com.eventplanner.security.Role;

/**
 * Registration, email verification and password changes. Register, verify and resend answer the same whether or not
 * the email has an account, so none can be used to find out who is registered.
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
    private final TransactionTemplate transactions;
    private final Clock clock;

    AccountService(UserRepository users, PasswordHasher hasher, OtpService otp, NotificationChannel channel,
                   SessionService sessions, RateLimiter rateLimiter, AuthProperties properties, AuthAudit audit,
                   TransactionTemplate transactions, Clock clock) {
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
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * The password of an account belongs to whoever proves the mailbox: a registration of an address not yet verified
     * replaces the pending credentials (so nobody can pre-claim an address and wait for its owner to verify it) and
     * voids every earlier code, and {@link #verify} takes the password with the code.
     */
    void register(AccountRequests.Register request, ClientInfo client) {
        String email = Emails.normalize(request.email());
        // every registration costs an Argon2id run and sends a mail: limited like a login
        rateLimiter.acquire("register", Limit.perAccount(email, limits.registerPerAccount()),
                Limit.perIp(client.ip(), limits.registerPerIp()));
        // hashed before the lookup so that an existing email costs the same time as a new one
        String hash = hasher.hash(request.password());
        String fullName = request.fullName().strip();
        User existing = users.findByEmail(email).orElse(null);
        if (existing == null) {
            try {
                User user = users.save(User.register(email, hash, fullName, request.phone(), clock.instant()));
                otp.issue(Purpose.EMAIL_VERIFICATION, user.id(), email);
                audit.record(AuthAudit.REGISTER, user.id(), user.id(), Map.of("email", email), client);
                return;
            } catch (DuplicateKeyException raced) {
                existing = users.findByEmail(email).orElseThrow();
            }
        }
        if (!existing.emailVerified()
                && users.replacePendingRegistration(existing.id(), hash, fullName, request.phone(), clock.instant()) == 1) {
            otp.issue(Purpose.EMAIL_VERIFICATION, existing.id(), email);
            audit.record(AuthAudit.REGISTER_REPLACED, existing.id(), existing.id(), Map.of("email", email), client);
            return;
        }
        channel.send(new NotificationChannel.Message(email, "Event Planner: registration attempt",
                "Someone tried to register with your address. You already have an account; if that was you, log in"
                        + " or reset your password."));
        audit.record(AuthAudit.REGISTER_EXISTING, existing.id(), existing.id(), Map.of("email", email), client);
    }

    /**
     * Verifies the mailbox with its code and the password it was registered with, so the one who proves the mailbox
     * is the one who set the password. The password is checked first (an unknown email against a decoy, at the same
     * cost), so a code is only ever compared, and counted against the account's budget, for whoever knows it; every
     * failure answers the same.
     */
    void verify(AccountRequests.Verify request, ClientInfo client) {
        String email = Emails.normalize(request.email());
        rateLimiter.acquire("otp-verify", Limit.perAccount(email, limits.otpVerifyPerAccount()),
                Limit.perIp(client.ip(), limits.otpVerifyPerIp()));
        User user = users.findByEmail(email).orElse(null);
        if (user == null) {
            hasher.matchDecoy(request.password());
            audit.record(AuthAudit.VERIFY_FAILURE, null, null, Map.of("email", email, "result", "unknown"), client);
            throw AuthErrors.invalidCode();
        }
        if (!hasher.matches(request.password(), user.passwordHash())) {
            audit.record(AuthAudit.VERIFY_FAILURE, user.id(), user.id(), Map.of("result", "password"), client);
            throw AuthErrors.invalidCode();
        }
        OtpService.Check check = otp.verify(Purpose.EMAIL_VERIFICATION, user.id(), email, request.code());
        if (check != OtpService.Check.ACCEPTED) {
            audit.recordCodeFailure(AuthAudit.VERIFY_FAILURE, user.id(), check, client);
            throw AuthErrors.invalidCode();
        }
        Instant now = clock.instant();
        boolean admin = email.equals(adminEmail);
        // compare-and-set on the checked hash: a registration that replaced the password meanwhile wins
        Boolean verified = transactions.execute(status -> {
            if (users.markVerified(user.id(), user.passwordHash(), now) == 0) {
                return false;
            }
            if (admin) {
                users.grantRole(user.id(), Role.ADMIN.name(), now);
            }
            return true;
        });
        if (!Boolean.TRUE.equals(verified)) {
            audit.record(AuthAudit.VERIFY_FAILURE, user.id(), user.id(), Map.of("result", "credentials-replaced"), client);
            throw AuthErrors.invalidCode();
        }
        Set<Role> roles = admin ? user.withRole(Role.ADMIN, now).roleSet() : user.roleSet();
        audit.record(AuthAudit.VERIFY, user.id(), user.id(),
                Map.of("emailVerified", true, "roles", roles.stream().map(Role::name).toList()), client);
    }

    void resend(AccountRequests.Resend request, ClientInfo client) {
        String email = Emails.normalize(request.email());
        rateLimiter.acquire("otp-resend", Limit.perAccount(email, limits.otpResendPerAccount()),
                Limit.perIp(client.ip(), limits.otpResendPerIp()));
        users.findByEmail(email)
                .filter(user -> !user.emailVerified())
                .ifPresent(user -> otp.resend(Purpose.EMAIL_VERIFICATION, user.id(), email));
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
