package com.eventplanner.auth.session;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.eventplanner.auth.AuthProperties;
import com.eventplanner.auth.account.Emails;
import com.eventplanner.auth.account.PasswordHasher;
import com.eventplanner.auth.account.User;
import com.eventplanner.auth.account.UserRepository;
import com.eventplanner.auth.audit.AuthAudit;
import com.eventplanner.auth.ratelimit.RateLimiter;
import com.eventplanner.auth.ratelimit.RateLimiter.Limit;
import com.eventplanner.auth.token.AccessTokenIssuer;
import com.eventplanner.auth.token.RefreshTokens;
import com.eventplanner.auth.token.RefreshTokens.Rotation;
import com.eventplanner.auth.web.AuthErrors;
import com.eventplanner.auth.web.ClientInfo;
import com.eventplanner.security.AuthenticatedUser;
import com.eventplanner.security.Role;

/** A session is one login: a refresh token family in PostgreSQL and {@code session:<id>} in Redis, sharing the id. */
@Service
public class SessionService {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final RefreshTokens refreshTokens;
    private final SessionStore sessions;
    private final AccessTokenIssuer issuer;
    private final RateLimiter rateLimiter;
    private final AuthProperties.RateLimit limits;
    private final AuthAudit audit;
    private final TransactionTemplate transactions;

    SessionService(UserRepository users, PasswordHasher hasher, RefreshTokens refreshTokens, SessionStore sessions,
                   AccessTokenIssuer issuer, RateLimiter rateLimiter, AuthProperties properties, AuthAudit audit,
                   TransactionTemplate transactions) {
        this.users = users;
        this.hasher = hasher;
        this.refreshTokens = refreshTokens;
        this.sessions = sessions;
        this.issuer = issuer;
        this.rateLimiter = rateLimiter;
        this.limits = properties.rateLimit();
        this.audit = audit;
        this.transactions = transactions;
    }

    /** Unknown email and wrong password fail alike and cost one Argon2id run each. */
    TokenResponse login(String rawEmail, String password, ClientInfo client) {
        String email = Emails.normalize(rawEmail);
        rateLimiter.acquire("login",
                Limit.perAccount(email, limits.loginPerAccount()), Limit.perIp(client.ip(), limits.loginPerIp()));
        User user = users.findByEmail(email).orElse(null);
        if (user == null) {
            hasher.matchDecoy(password);
            audit.record(AuthAudit.LOGIN_FAILURE, null, null, Map.of("email", email, "reason", "credentials"), client);
            throw AuthErrors.invalidCredentials();
        }
        if (!hasher.matches(password, user.passwordHash())) {
            audit.record(AuthAudit.LOGIN_FAILURE, user.id(), user.id(), Map.of("email", email, "reason", "credentials"), client);
            throw AuthErrors.invalidCredentials();
        }
        if (!user.emailVerified()) {
            audit.record(AuthAudit.LOGIN_FAILURE, user.id(), user.id(), Map.of("email", email, "reason", "unverified"), client);
            throw AuthErrors.emailNotVerified();
        }
        if (hasher.needsRehash(user.passwordHash())) {
            user = users.save(user.withPasswordHash(hasher.hash(password), user.updatedAt()));
        }
        UUID sessionId = UUID.randomUUID();
        String refreshToken = refreshTokens.startFamily(sessionId, user.id());
        sessions.open(sessionId, user.id());
        audit.record(AuthAudit.LOGIN_SUCCESS, user.id(), sessionId, Map.of(), client);
        return tokens(user.id(), user.email(), user.fullName(), user.roleSet(), sessionId, refreshToken);
    }

    TokenResponse refresh(String presented, ClientInfo client) {
        // the session is extended before the commit, while the family is locked: a logout waits for it and then
        // deletes the session, and a Redis failure rolls the rotation back, so the client can retry with the same
        // token instead of presenting an already rotated one (reuse) and losing its session
        Rotation rotation = transactions.execute(status -> refreshTokens.rotate(presented, sessions::extend));
        if (rotation instanceof Rotation.Rotated rotated) {
            return tokens(rotated.userId(), rotated.email(), rotated.name(), rotated.roles(), rotated.familyId(),
                    rotated.newToken());
        }
        if (rotation instanceof Rotation.SessionEnded ended) {
            audit.record(AuthAudit.SESSION_EXPIRED, ended.userId(), ended.familyId(), Map.of("familyRevoked", true),
                    client);
            throw AuthErrors.sessionExpired();
        }
        if (rotation instanceof Rotation.ReuseDetected reuse) {
            sessions.close(reuse.familyId());
            audit.record(AuthAudit.REFRESH_REUSE, reuse.userId(), reuse.familyId(),
                    Map.of("familyRevoked", true), client);
        }
        throw AuthErrors.invalidRefreshToken();
    }

    void logout(AuthenticatedUser user, ClientInfo client) {
        UUID sessionId = UUID.fromString(user.sessionId());
        refreshTokens.revokeFamily(sessionId, "LOGOUT");
        sessions.close(sessionId);
        audit.record(AuthAudit.LOGOUT, user.userId(), sessionId, Map.of(), client);
    }

    /** Ends every session of a user except {@code keep} (null ends all); used on password and role changes. */
    public List<UUID> endSessions(UUID userId, UUID keep, String reason) {
        List<UUID> ended = refreshTokens.revokeAllOfUser(userId, keep, reason);
        sessions.closeAll(ended);
        return ended;
    }

    private TokenResponse tokens(UUID userId, String email, String name, Set<Role> roles, UUID sessionId,
                                 String refreshToken) {
        String access = issuer.issue(userId, email, name, roles, sessionId.toString());
        return new TokenResponse(access, "Bearer", issuer.ttl().toSeconds(), refreshToken,
                refreshTokens.ttl().toSeconds());
    }
}
