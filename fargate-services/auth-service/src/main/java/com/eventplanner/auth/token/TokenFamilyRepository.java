package com.eventplanner.auth.token;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface TokenFamilyRepository extends Repository<TokenFamily, UUID> {

    @Modifying
    @Query("update refresh_token_families set revoked_at = :now, revoked_reason = :reason where id = :id and revoked_at is null")
    int revoke(@Param("id") UUID id, @Param("reason") String reason, @Param("now") Instant now);

    /** Revokes every active family of a user except {@code keep} (pass a random id to keep none); returns their ids. */
    @Query("""
            update refresh_token_families set revoked_at = :now, revoked_reason = :reason
            where user_id = :userId and revoked_at is null and id <> :keep
            returning id""")
    List<UUID> revokeAllOfUser(@Param("userId") UUID userId, @Param("keep") UUID keep,
                               @Param("reason") String reason, @Param("now") Instant now);
}
