package com.eventplanner.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Malformed requests get a 4xx problem naming the field at fault; none reaches the domain or answers 500. */
class BadInputTest extends AuthApiTest {

    @Test
    void missingFieldsAreNamed() {
        Api.Response response = api.post("/api/auth/register", Map.of("email", uniqueEmail("missing")));
        assertProblem(response, 400);
        assertThat(fields(response)).contains("password", "fullName");
    }

    @Test
    void badEmailIsNamed() {
        Api.Response response = api.post("/api/auth/register",
                Map.of("email", "not-an-email", "password", PASSWORD, "fullName", "X"));
        assertProblem(response, 400);
        assertThat(fields(response)).containsExactly("email");
    }

    @Test
    void passwordLengthIsEnforced() {
        assertThat(fields(api.post("/api/auth/register",
                Map.of("email", uniqueEmail("short"), "password", "short", "fullName", "X")))).containsExactly("password");
        assertThat(fields(api.post("/api/auth/register",
                Map.of("email", uniqueEmail("long"), "password", "x".repeat(129), "fullName", "X")))).containsExactly("password");
    }

    @Test
    void badCodeFormatIsNamed() {
        Api.Response response = api.post("/api/auth/verify",
                Map.of("email", uniqueEmail("code"), "code", "12ab", "password", PASSWORD));
        assertProblem(response, 400);
        assertThat(fields(response)).containsExactly("code");
    }

    @Test
    void unknownJsonFieldIsNamed() {
        Api.Response response = api.post("/api/auth/login",
                Map.of("email", uniqueEmail("unknown"), "password", PASSWORD, "isAdmin", true));
        assertProblem(response, 400);
        assertThat(fields(response)).containsExactly("isAdmin");
    }

    @Test
    void malformedJsonIsABadRequest() {
        assertProblem(api.post("/api/auth/login", "{\"email\": "), 400);
        assertProblem(api.post("/api/auth/login", ""), 400);
    }

    @Test
    void oversizedBodyIsRejected() {
        String huge = "{\"email\":\"a@b.c\",\"password\":\"" + "x".repeat(20_000) + "\"}";
        assertProblem(api.post("/api/auth/login", huge), 413);
    }

    @Test
    void wrongContentTypeIsRejected() {
        assertProblem(api.postRaw("/api/auth/login", "text/plain", "email=a@b.c&password=x"), 415);
        assertProblem(api.postRaw("/api/auth/login", "application/x-www-form-urlencoded", "email=a@b.c&password=x"), 415);
    }

    @Test
    void unknownRoleIsNamed() {
        Api.Response response = api.put("/api/auth/admin/users/" + java.util.UUID.randomUUID() + "/roles/SUPERUSER",
                Api.bearer(newSession(uniqueEmail("role-input")).text("accessToken")));
        assertProblem(response, 400);
        assertThat(fields(response)).containsExactly("role");
    }

    private static List<String> fields(Api.Response response) {
        assertThat(response.status()).as(response.raw()).isBetween(400, 499);
        return response.json().path("errors").valueStream().map(error -> error.path("field"))
                .map(JsonNode::asString).toList();
    }
}
