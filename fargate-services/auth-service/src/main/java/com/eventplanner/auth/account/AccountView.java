package com.eventplanner.auth.account;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import com.eventplanner.security.Role;

/** What {@code GET /api/auth/me} answers: the account without its password hash. */
public record AccountView(UUID id, String email, String fullName, String phone, boolean emailVerified,
                          Set<Role> roles, Instant createdAt) {

    static AccountView of(User user) {
        return new AccountView(user.id(), user.email(), user.fullName(), user.phone(), user.emailVerified(),
                user.roleSet(), user.createdAt());
    }
}
