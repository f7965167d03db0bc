package com.eventplanner.auth.role;

import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.eventplanner.auth.web.ClientInfo;
import com.eventplanner.security.AuthenticatedUser;
import com.eventplanner.security.Role;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

@RestController
@RequestMapping(path = "/api/auth/admin/users/{userId}/roles/{role}", produces = MediaType.APPLICATION_JSON_VALUE)
class RoleController {

    /** The user's roles after the change. */
    record RolesView(UUID userId, Set<Role> roles) {
    }

    private final RoleService roles;

    RoleController(RoleService roles) {
        this.roles = roles;
    }

    @Operation(summary = "Grant a role (ADMIN only); the user's sessions end", security = @SecurityRequirement(name = "bearer"))
    @PutMapping
    RolesView grant(@Parameter(hidden = true) AuthenticatedUser admin, @PathVariable UUID userId,
                    @PathVariable Role role, HttpServletRequest request) {
        return new RolesView(userId, roles.grant(admin, userId, role, ClientInfo.of(request)));
    }

    @Operation(summary = "Revoke a role (ADMIN only); the user's sessions end", security = @SecurityRequirement(name = "bearer"))
    @DeleteMapping
    RolesView revoke(@Parameter(hidden = true) AuthenticatedUser admin, @PathVariable UUID userId,
                     @PathVariable Role role, HttpServletRequest request) {
        return new RolesView(userId, roles.revoke(admin, userId, role, ClientInfo.of(request)));
    }
}
