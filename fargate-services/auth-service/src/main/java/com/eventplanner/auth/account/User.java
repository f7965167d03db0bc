package com.eventplanner.auth.account;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

import com.eventplanner.security.Role;

/** The account aggregate: its roles live in {@code user_roles} and are saved with it. */
@Table("users")
public record User(
        @Id UUID id,
        String email,
        String passwordHash,
        String fullName,
        String phone,
        boolean emailVerified,
        @MappedCollection(idColumn = "user_id") Set<RoleGrant> roles,
        Instant createdAt,
        Instant updatedAt,
        @Version Long version) {

    public static User register(String email, String passwordHash, String fullName, String phone, Instant now) {
        return new User(UUID.randomUUID(), email, passwordHash, fullName, phone, false,
                Set.of(new RoleGrant(Role.ATTENDEE, now)), now, now, null);
    }

    public Set<Role> roleSet() {
        return roles.stream().map(RoleGrant::role).collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }

    public User withPasswordHash(String newHash, Instant now) {
        return new User(id, email, newHash, fullName, phone, emailVerified, roles, createdAt, now, version);
    }

    public User withRole(Role role, Instant now) {
        if (roleSet().contains(role)) {
            return this;
        }
        Set<RoleGrant> granted = new HashSet<>(roles);
        granted.add(new RoleGrant(role, now));
        return withRoles(granted, now);
    }

    public User withoutRole(Role role, Instant now) {
        Set<RoleGrant> remaining = new HashSet<>(roles);
        remaining.removeIf(grant -> grant.role() == role);
        return withRoles(remaining, now);
    }

    private User withRoles(Set<RoleGrant> newRoles, Instant now) {
        return new User(id, email, passwordHash, fullName, phone, emailVerified, Set.copyOf(newRoles), createdAt, now, version);
    }

    /** Used by Spring Data to set the optimistic-lock version after a save. */
    public User withVersion(Long newVersion) {
        return new User(id, email, passwordHash, fullName, phone, emailVerified, roles, createdAt, updatedAt, newVersion);
    }
}
