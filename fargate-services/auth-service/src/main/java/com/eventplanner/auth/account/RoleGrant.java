package com.eventplanner.auth.account;

import java.time.Instant;

import org.springframework.data.relational.core.mapping.Table;

import com.eventplanner.security.Role;

@Table("user_roles")
public record RoleGrant(Role role, Instant grantedAt) {
}
