package com.eventplanner.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.eventplanner.auth.AuthProperties;
import com.eventplanner.security.Role;

/**
 * Refresh token families (RFC 9700 section 4.14.2): every use rotates the token; presenting a token that was already
 * rotated means it leaked, so the whole family (and with it the session) is revoked.
 */
@Service
public class RefreshTokens {

    /** Outcome of presenting a refresh token. */
    public sealed interface Rotation {
        /** Carries what the new access token needs, so a refresh reads the account in the same statement. */
        record Rotated(UUID familyId, UUID userId, String email, String name, Set<Role> roles, String newToken)
                implements Rotation { }
        record ReuseDetected(UUID familyId, UUID userId) implements Rotation { }
        /** The token was good but its session had ended (idle too long): the family is revoked with it. */
        record SessionEnded(UUID familyId, UUID userId) implements Rotation { }
        record Rejected() implements Rotation { }
    }

    private static final int TOKEN_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** See {@link #rotate}: find, compare-and-set, issue the successor and read the account, in one round trip. */
    private static final String ROTATE = """
            with presented as (
                select t.id, t.family_id, t.expires_at > :now as live, f.user_id
                from refresh_tokens t join refresh_token_families f on f.id = t.family_id
                where t.token_hash = :hash
            ), family as (
                update refresh_token_families f
                set expires_at = case when p.live then :newExpiresAt else f.expires_at end
                from presented p
                where f.id = p.family_id and f.revoked_at is null
                returning f.id
            ), rotated as (
                update refresh_tokens t set rotated_at = :now
                from presented p join family a on a.id = p.family_id
                where t.id = p.id and t.rotated_at is null
                returning t.id
            ), successor as (
                insert into refresh_tokens (id, family_id, token_hash, issued_at, expires_at)
                select :newId, p.family_id, :newHash, :now, :newExpiresAt
                from presented p join rotated r on r.id = p.id
                where p.live
            )
            select p.family_id, p.user_id, not exists (select 1 from family) as revoked, p.live,
                   exists (select 1 from rotated) as won, u.email, u.full_name,
                   array(select role from user_roles where user_id = p.user_id) as roles
            from presented p join users u on u.id = p.user_id
            """;

    private final TokenFamilyRepository families;
    private final JdbcAggregateOperations aggregates;
    private final JdbcClient jdbc;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    RefreshTokens(TokenFamilyRepository families, JdbcAggregateOperations aggregates, JdbcClient jdbc,
                  AuthProperties properties, Clock clock) {
        this.families = families;
        this.aggregates = aggregates;
        this.jdbc = jdbc;
        this.ttl = properties.refreshTokenTtl();
        this.clock = clock;
    }

    /** Starts a family for a new login; its id is the session id. Returns the first refresh token. */
    @Transactional
    public String startFamily(UUID familyId, UUID userId) {
        Instant now = clock.instant();
        aggregates.insert(new TokenFamily(familyId, userId, now, now.plus(ttl), null, null));
        return issue(familyId, now);
    }

    /**
     * One statement, so one round trip on the hot path: find the token and its family; compare-and-set the family
     * ({@code revoked_at is null}, moving its {@code expires_at} to the successor's): the UPDATE takes the family's
     * row lock, so it waits for a revocation in progress (logout, password or role change, reuse) and, once that
     * commits, re-reads the row and no longer matches; a revocation that comes later waits for this transaction in
     * turn. Then compare-and-set {@code rotated_at} (of two concurrent uses exactly one wins, the same way), insert
     * the successor if the token was still live, and read the account's email, name and roles for the access token.
     * <p>
     * Runs inside the caller's transaction, which keeps the family locked while {@code sessionOpen} is asked whether
     * the session (named by the family id) is still open and extends it; a session that ended revokes the family
     * instead. Only reuse and an ended session need a second statement.
     */
    public Rotation rotate(String presented, Predicate<UUID> sessionOpen) {
        Instant now = clock.instant();
        String newToken = newToken();
        PresentedToken found = jdbc.sql(ROTATE)
                .param("hash", hash(presented))
                .param("now", at(now))
                .param("newId", UUID.randomUUID())
                .param("newHash", hash(newToken))
                .param("newExpiresAt", at(now.plus(ttl)))
                .query(RefreshTokens::presentedToken)
                .optional().orElse(null);
        if (found == null || found.familyRevoked()) {
            return new Rotation.Rejected();
        }
        if (!found.won()) {
            families.revoke(found.familyId(), "REUSE_DETECTED", now);
            return new Rotation.ReuseDetected(found.familyId(), found.userId());
        }
        if (!found.live()) {
            return new Rotation.Rejected();
        }
        if (!sessionOpen.test(found.familyId())) {
            families.revoke(found.familyId(), "SESSION_ENDED", now);
            return new Rotation.SessionEnded(found.familyId(), found.userId());
        }
        return new Rotation.Rotated(found.familyId(), found.userId(), found.email(), found.name(), found.roles(),
                newToken);
    }

    private record PresentedToken(UUID familyId, UUID userId, boolean familyRevoked, boolean live, boolean won,
                                  String email, String name, Set<Role> roles) {
    }

    private static PresentedToken presentedToken(ResultSet row, int rowNum) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object role : (Object[]) row.getArray("roles").getArray()) {
            roles.add(Role.valueOf((String) role));
        }
        return new PresentedToken(row.getObject("family_id", UUID.class), row.getObject("user_id", UUID.class),
                row.getBoolean("revoked"), row.getBoolean("live"), row.getBoolean("won"), row.getString("email"),
                row.getString("full_name"), roles);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** @return true when the family was active and is now revoked */
    @Transactional
    public boolean revokeFamily(UUID familyId, String reason) {
        return families.revoke(familyId, reason, clock.instant()) == 1;
    }

    /** Revokes every active family of the user except {@code keep} (null keeps none); returns the revoked ids. */
    @Transactional
    public List<UUID> revokeAllOfUser(UUID userId, UUID keep, String reason) {
        return families.revokeAllOfUser(userId, keep == null ? new UUID(0, 0) : keep, reason, clock.instant());
    }

    private String issue(UUID familyId, Instant now) {
        String token = newToken();
        aggregates.insert(new RefreshToken(UUID.randomUUID(), familyId, hash(token), now, now.plus(ttl), null));
        return token;
    }

    private String newToken() {
        byte[] raw = new byte[TOKEN_BYTES];
        random.nextBytes(raw);
        return B64.encodeToString(raw);
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Duration ttl() {
        return ttl;
    }
}
