package com.eventplanner.auth.account;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

public interface UserRepository extends ListCrudRepository<User, UUID> {

    /**
     * Transactional so that the roles query runs on the same connection as the user query: without it each load
     * holds one pooled connection while asking for a second, and a burst of logins deadlocks the pool.
     */
    @Transactional(readOnly = true)
    Optional<User> findByEmail(String email);

    /** The credentials of a registration not yet verified become those of the latest registrant; 0 once verified. */
    @Modifying
    @Query("""
            update users set password_hash = :hash, full_name = :fullName, phone = :phone, updated_at = :now,
                version = version + 1
            where id = :id and not email_verified""")
    int replacePendingRegistration(@Param("id") UUID id, @Param("hash") String hash, @Param("fullName") String fullName,
                                   @Param("phone") String phone, @Param("now") Instant now);

    /** Verifies the email only if the password checked by the verifier is still the account's; 0 otherwise. */
    @Modifying
    @Query("""
            update users set email_verified = true, updated_at = :now, version = version + 1
            where id = :id and not email_verified and password_hash = :checkedHash""")
    int markVerified(@Param("id") UUID id, @Param("checkedHash") String checkedHash, @Param("now") Instant now);

    @Modifying
    @Query("insert into user_roles (user_id, role, granted_at) values (:id, :role, :now) on conflict do nothing")
    int grantRole(@Param("id") UUID id, @Param("role") String role, @Param("now") Instant now);

    @Modifying
    @Query("update users set password_hash = :hash, updated_at = :now, version = version + 1 where id = :id")
    int setPasswordHash(@Param("id") UUID id, @Param("hash") String hash, @Param("now") Instant now);
}
