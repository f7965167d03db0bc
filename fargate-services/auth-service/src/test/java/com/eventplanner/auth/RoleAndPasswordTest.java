package com.eventplanner.auth;

import static com.eventplanner.auth.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.eventplanner.audit.AuditRecord;

class RoleAndPasswordTest extends AuthApiTest {

    @Test
    void configuredAdminGrantsAndRevokesRolesAndTheUsersSessionsEnd() {
        String adminToken = adminSession();
        String adminId = api.get("/api/auth/me", bearer(adminToken)).text("id");
        String email = uniqueEmail("organizer");
        String userToken = newSession(email).text("accessToken");
        String userId = api.get("/api/auth/me", bearer(userToken)).text("id");

        Api.Response granted = api.put("/api/auth/admin/users/" + userId + "/roles/ORGANIZER", bearer(adminToken));
        assertThat(granted.status()).as(granted.raw()).isEqualTo(200);
        assertThat(granted.json().path("roles").valueStream().map(r -> r.asString()).toList())
                .containsExactlyInAnyOrder("ATTENDEE", "ORGANIZER");
        assertProblem(api.get("/api/auth/me", bearer(userToken)), 401);

        String organizerToken = login(email, PASSWORD).text("accessToken");
        assertThat(api.get("/api/auth/me", bearer(organizerToken)).json().path("roles").valueStream()
                .map(r -> r.asString()).toList()).contains("ORGANIZER");

        Api.Response revoked = api.delete("/api/auth/admin/users/" + userId + "/roles/ORGANIZER", bearer(adminToken));
        assertThat(revoked.status()).isEqualTo(200);
        assertProblem(api.get("/api/auth/me", bearer(organizerToken)), 401);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(auditOf(adminId))
                .filteredOn(record -> userId.equals(record.resourceId()))
                .extracting(AuditRecord::action).containsExactlyInAnyOrder("auth.role.grant", "auth.role.revoke"));
    }

    @Test
    void nonAdminCannotChangeRoles() {
        String token = newSession(uniqueEmail("attendee")).text("accessToken");
        String userId = api.get("/api/auth/me", bearer(token)).text("id");
        assertProblem(api.put("/api/auth/admin/users/" + userId + "/roles/ADMIN", bearer(token)), 403);
        assertProblem(api.put("/api/auth/admin/users/" + userId + "/roles/ADMIN"), 401);
    }

    @Test
    void passwordChangeEndsOtherSessionsOnly() {
        String email = uniqueEmail("password");
        String current = newSession(email).text("accessToken");
        Api.Response other = login(email, PASSWORD);

        assertProblem(api.post("/api/auth/password",
                Map.of("currentPassword", "not the password", "newPassword", "a brand new secret"), bearer(current)), 400);
        Api.Response changed = api.post("/api/auth/password",
                Map.of("currentPassword", PASSWORD, "newPassword", "a brand new secret"), bearer(current));
        assertThat(changed.status()).as(changed.raw()).isEqualTo(204);

        assertThat(api.get("/api/auth/me", bearer(current)).status()).isEqualTo(200);
        assertProblem(api.get("/api/auth/me", bearer(other.text("accessToken"))), 401);
        assertProblem(api.post("/api/auth/refresh", Map.of("refreshToken", other.text("refreshToken"))), 401);
        assertProblem(login(email, PASSWORD), 401);
        assertThat(login(email, "a brand new secret").status()).isEqualTo(200);

        String userId = api.get("/api/auth/me", bearer(current)).text("id");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(auditOf(userId))
                .filteredOn(record -> record.action().equals("auth.password.change"))
                .singleElement().satisfies(record -> assertThat(record.changes()).containsEntry("sessionsEnded", 1)));
    }

    /** The admin email of the test profile becomes ADMIN when it verifies; later calls just log in. */
    private String adminSession() {
        Api.Response login = login(ADMIN_EMAIL, PASSWORD);
        if (login.status() == 401) {
            registerAndVerify(ADMIN_EMAIL);
            login = login(ADMIN_EMAIL, PASSWORD);
        }
        assertThat(login.status()).as(login.raw()).isEqualTo(200);
        return login.text("accessToken");
    }
}
