package com.eventplanner.auth.role;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.eventplanner.auth.AuthProperties;
import com.eventplanner.auth.account.Emails;
import com.eventplanner.auth.account.UserRepository;
import com.eventplanner.security.Role;

/**
 * The first ADMIN comes from configuration (AUTH_ADMIN_EMAIL): that account gets ADMIN when it verifies its email
 * (see account verification) or, if it already has, when the service starts.
 */
@Component
class AdminBootstrap {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final UserRepository users;
    private final AuthProperties properties;
    private final Clock clock;

    AdminBootstrap(UserRepository users, AuthProperties properties, Clock clock) {
        this.users = users;
        this.properties = properties;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void grantConfiguredAdmin() {
        String configured = properties.adminEmail();
        if (configured == null || configured.isBlank()) {
            return;
        }
        users.findByEmail(Emails.normalize(configured))
                .filter(user -> user.emailVerified() && !user.roleSet().contains(Role.ADMIN))
                .ifPresent(user -> {
                    users.save(user.withRole(Role.ADMIN, clock.instant()));
                    log.info("granted ADMIN to the configured admin account {}", user.id());
                });
    }
}
