package com.eventplanner.auth.token;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The refresh tokens of one login; its id doubles as the session id ({@code sid}). {@code expiresAt} is when its
 * newest token expires: the family ends then, or when it is revoked, whichever comes first.
 */
@Table("refresh_token_families")
record TokenFamily(@Id UUID id, UUID userId, Instant createdAt, Instant expiresAt, Instant revokedAt,
                   String revokedReason) {
}
