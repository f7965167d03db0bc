package com.eventplanner.auth.token;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface RefreshTokenRepository extends Repository<RefreshToken, UUID> {

    @Query("select * from refresh_tokens where token_hash = :hash")
    Optional<RefreshToken> findByTokenHash(@Param("hash") byte[] tokenHash);

    /** Compare-and-set: exactly one caller wins the rotation of a token; a loser is presenting a used token. */
    @Modifying
    @Query("update refresh_tokens set rotated_at = :now where id = :id and rotated_at is null")
    int markRotated(@Param("id") UUID id, @Param("now") Instant now);
}
