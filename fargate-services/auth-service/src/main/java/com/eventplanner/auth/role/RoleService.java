package com.eventplanner.auth.role;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;

import com.eventplanner.auth.account.User;
import com.eventplanner.auth.account.UserRepository;
import com.eventplanner.auth.audit.AuthAudit;
import com.eventplanner.auth.session.SessionService;
import com.eventplanner.auth.web.AuthErrors;
import com.eventplanner.auth.web.ClientInfo;
import com.eventplanner.security.AuthenticatedUser;
import com.eventplanner.security.Role;

/**
 * RBAC administration. A role change ends every session of the affected user, so tokens carrying the old roles stop
 * working at once instead of living out their 15 minutes.
 */
@Service
class RoleService {

    private final UserRepository users;
    private final SessionService sessions;
    private final AuthAudit audit;
    private final Clock clock;

    RoleService(UserRepository users, SessionService sessions, AuthAudit audit, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    Set<Role> grant(AuthenticatedUser admin, UUID userId, Role role, ClientInfo client) {
        return change(admin, userId, role, true, client);
    }

    Set<Role> revoke(AuthenticatedUser admin, UUID userId, Role role, ClientInfo client) {
        return change(admin, userId, role, false, client);
    }

    private Set<Role> change(AuthenticatedUser admin, UUID userId, Role role, boolean grant, ClientInfo client) {
        if (!admin.isAdmin()) {
            throw AuthErrors.adminOnly();
        }
        User user = users.findById(userId).orElseThrow(() -> AuthErrors.notFound("The user"));
        Set<Role> before = user.roleSet();
        if (before.contains(role) == grant) {
            return before;
        }
        Instant now = clock.instant();
        User saved = users.save(grant ? user.withRole(role, now) : user.withoutRole(role, now));
        List<UUID> ended = sessions.endSessions(userId, null, "ROLE_CHANGE");
        audit.record(grant ? AuthAudit.ROLE_GRANT : AuthAudit.ROLE_REVOKE, admin.userId(), userId,
                Map.of("role", role.name(), "before", before.stream().map(Role::name).sorted().toList(),
                        "after", saved.roleSet().stream().map(Role::name).sorted().toList(),
                        "sessionsEnded", ended.size()),
                client);
        return saved.roleSet();
    }
}
