package com.eventplanner.auth.token;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** The refresh tokens of one login; its id doubles as the session id ({@code sid}). */
@Table("refresh_token_families")
record TokenFamily(@Id UUID id, UUID userId, Instant createdAt, Instant revokedAt, String revokedReason) {
}
