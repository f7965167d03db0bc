package com.eventplanner.auth;

import static com.eventplanner.auth.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Someone who registers an address before (or just after) its owner never gets the account: the password belongs to
 * whoever proves the mailbox. A later registration of an address not yet verified replaces the pending credentials
 * and voids the earlier codes, and verification takes the password with the code.
 */
class PreClaimedAccountTest extends AuthApiTest {

    private static final String ATTACKER_PASSWORD = "mallory was here first";
    private static final String ADMIN = uniqueEmail("configured-admin");
    /** An address of its own as the configured admin, and four registrations of it a minute (the profile allows 3). */
    @RegisterExtension
    static final ExtraInstance adminInstance = new ExtraInstance(Map.of("eventplanner.auth.admin-email", ADMIN,
            "eventplanner.auth.rate-limit.register-per-account", "10"));

    @Test
    void theOwnersRegistrationReplacesAPreClaimAndVoidsItsCode() {
        String email = uniqueEmail("pre-claimed");
        register(api, email, ATTACKER_PASSWORD, "Mallory");
        String attackersCode = latestCode(email);
        register(api, email, PASSWORD, "Victoria Owner");
        String ownersCode = latestCode(email);
        assertThat(mailCount(email)).as("each registration mails its own code").isEqualTo(2);

        if (!attackersCode.equals(ownersCode)) {
            assertProblem(verify(email, attackersCode, PASSWORD), 400);
        }
        assertProblem(verify(email, ownersCode, ATTACKER_PASSWORD), 400);
        Api.Response verified = verify(email, ownersCode, PASSWORD);
        assertThat(verified.status()).as(verified.raw()).isEqualTo(200);

        assertProblem(login(email, ATTACKER_PASSWORD), 401);
        Api.Response owner = login(email, PASSWORD);
        assertThat(owner.status()).as(owner.raw()).isEqualTo(200);
        assertThat(api.get("/api/auth/me", bearer(owner.text("accessToken"))).text("fullName"))
                .isEqualTo("Victoria Owner");
    }

    /** The owner's code is in the mailbox, but the pending password is the attacker's: proving the mailbox is not enough. */
    @Test
    void aCodeDoesNotConfirmAPasswordSetBySomeoneElse() {
        String email = uniqueEmail("claimed-after");
        register(api, email, PASSWORD, "Victoria Owner");
        register(api, email, ATTACKER_PASSWORD, "Mallory");

        assertProblem(verify(email, latestCode(email), PASSWORD), 400);
        assertProblem(login(email, ATTACKER_PASSWORD), 403);

        register(api, email, PASSWORD, "Victoria Owner");
        assertThat(verify(email, latestCode(email), PASSWORD).status()).isEqualTo(200);
        assertProblem(login(email, ATTACKER_PASSWORD), 401);
        assertThat(login(email, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void theConfiguredAdminAddressGivesADMINOnlyToWhoeverSetItsPasswordAndProvedItsMailbox() {
        Api withAdmin = adminInstance.api();
        register(withAdmin, ADMIN, ATTACKER_PASSWORD, "Mallory");
        register(withAdmin, ADMIN, PASSWORD, "The Admin");
        register(withAdmin, ADMIN, ATTACKER_PASSWORD, "Mallory");
        assertProblem(verifyAt(withAdmin, ADMIN, latestCode(ADMIN), PASSWORD), 400);
        assertProblem(loginAt(withAdmin, ADMIN, ATTACKER_PASSWORD), 403);

        register(withAdmin, ADMIN, PASSWORD, "The Admin");
        Api.Response verified = verifyAt(withAdmin, ADMIN, latestCode(ADMIN), PASSWORD);
        assertThat(verified.status()).as(verified.raw()).isEqualTo(200);

        assertProblem(loginAt(withAdmin, ADMIN, ATTACKER_PASSWORD), 401);
        Api.Response admin = loginAt(withAdmin, ADMIN, PASSWORD);
        assertThat(admin.status()).as(admin.raw()).isEqualTo(200);
        assertThat(withAdmin.get("/api/auth/me", bearer(admin.text("accessToken"))).json().path("roles")
                .valueStream().map(role -> role.asString()).toList()).contains("ADMIN");
    }

    /** New, pending and verified addresses: the same status and body, so registering tells nobody who has an account. */
    @Test
    void registrationAnswersAlikeForNewPendingAndVerifiedAddresses() {
        String pending = uniqueEmail("pending");
        register(pending);
        String verified = uniqueEmail("verified");
        registerAndVerify(verified);
        List<Api.Response> answers = List.of(uniqueEmail("new"), pending, verified).stream()
                .map(email -> api.post("/api/auth/register",
                        Map.of("email", email, "password", ATTACKER_PASSWORD, "fullName", "Mallory"), fromNewIp()))
                .toList();
        assertThat(answers).extracting(Api.Response::status).containsOnly(202);
        assertThat(answers).extracting(Api.Response::raw).containsOnly(answers.get(0).raw());
    }

    private static void register(Api instance, String email, String password, String fullName) {
        Api.Response response = instance.post("/api/auth/register",
                Map.of("email", email, "password", password, "fullName", fullName), fromNewIp());
        assertThat(response.status()).as(response.raw()).isEqualTo(202);
    }

    private static Api.Response verifyAt(Api instance, String email, String code, String password) {
        return instance.post("/api/auth/verify", Map.of("email", email, "code", code, "password", password), fromNewIp());
    }

    private static Api.Response loginAt(Api instance, String email, String password) {
        return instance.post("/api/auth/login", Map.of("email", email, "password", password), fromNewIp());
    }
}
