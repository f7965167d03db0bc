package com.eventplanner.auth.token;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** One refresh token of a family; the token itself is never stored, only its SHA-256. */
@Table("refresh_tokens")
record RefreshToken(@Id UUID id, UUID familyId, byte[] tokenHash, Instant issuedAt, Instant expiresAt,
                    Instant rotatedAt) {
}
