package com.eventplanner.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.eventplanner.auth.AuthProperties;

/**
 * Refresh token families (RFC 9700 section 4.14.2): every use rotates the token; presenting a token that was already
 * rotated means it leaked, so the whole family (and with it the session) is revoked.
 */
@Service
public class RefreshTokens {

    /** Outcome of presenting a refresh token. */
    public sealed interface Rotation {
        record Rotated(UUID familyId, UUID userId, String newToken) implements Rotation { }
        record ReuseDetected(UUID familyId, UUID userId) implements Rotation { }
        record Rejected() implements Rotation { }
    }

    private static final int TOKEN_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final RefreshTokenRepository tokens;
    private final TokenFamilyRepository families;
    private final JdbcAggregateOperations aggregates;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    RefreshTokens(RefreshTokenRepository tokens, TokenFamilyRepository families, JdbcAggregateOperations aggregates,
                  AuthProperties properties, Clock clock) {
        this.tokens = tokens;
        this.families = families;
        this.aggregates = aggregates;
        this.ttl = properties.refreshTokenTtl();
        this.clock = clock;
    }

    /** Starts a family for a new login; its id is the session id. Returns the first refresh token. */
    @Transactional
    public String startFamily(UUID familyId, UUID userId) {
        aggregates.insert(new TokenFamily(familyId, userId, clock.instant(), null, null));
        return issue(familyId);
    }

    @Transactional
    public Rotation rotate(String presented) {
        Instant now = clock.instant();
        RefreshToken token = tokens.findByTokenHash(hash(presented)).orElse(null);
        if (token == null) {
            return new Rotation.Rejected();
        }
        TokenFamily family = families.findById(token.familyId()).orElseThrow();
        if (family.revokedAt() != null) {
            return new Rotation.Rejected();
        }
        if (token.rotatedAt() != null || tokens.markRotated(token.id(), now) == 0) {
            families.revoke(family.id(), "REUSE_DETECTED", now);
            return new Rotation.ReuseDetected(family.id(), family.userId());
        }
        if (!token.expiresAt().isAfter(now)) {
            return new Rotation.Rejected();
        }
        return new Rotation.Rotated(family.id(), family.userId(), issue(family.id()));
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

    private String issue(UUID familyId) {
        byte[] raw = new byte[TOKEN_BYTES];
        random.nextBytes(raw);
        String token = B64.encodeToString(raw);
        Instant now = clock.instant();
        aggregates.insert(new RefreshToken(UUID.randomUUID(), familyId, hash(token), now, now.plus(ttl), null));
        return token;
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
