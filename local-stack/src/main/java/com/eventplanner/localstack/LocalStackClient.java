package com.eventplanner.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the local stack as a person would use it, through its load balancer only: JSON over HTTP, and accounts
 * made the way the README shows (register, the code from the local mailbox, verify, log in). For its end-to-end test
 * and the benchmarks that drive it.
 */
public final class LocalStackClient {

    public static final String PASSWORD = "correct horse battery";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private final String albUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public LocalStackClient(String albUrl) {
        this.albUrl = albUrl;
    }

    public record Response(int status, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    public Response call(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(albUrl + path))
                .timeout(Duration.ofMinutes(3))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/json");
        if (!body.isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Registers, verifies with the mailed code and logs in: the access token. */
    public String signUp(String email) {
        expect(call("POST", "/api/auth/register", null, JSON.writeValueAsString(Map.of("email", email,
                "password", PASSWORD, "fullName", "Local Stack")), Map.of()), 202, "register " + email);
        Response mailbox = call("GET", "/api/auth/local/mailbox/" + email, null, "", Map.of());
        List<String> codes = mailbox.json().valueStream().map(mail -> CODE.matcher(mail.path("body").asString()))
                .filter(Matcher::find).map(matcher -> matcher.group(1)).toList();
        if (codes.isEmpty()) {
            throw new IllegalStateException("no code mailed to " + email + ": " + mailbox.body());
        }
        expect(call("POST", "/api/auth/verify", null, JSON.writeValueAsString(Map.of("email", email,
                "code", codes.get(codes.size() - 1), "password", PASSWORD)), Map.of()), 200, "verify " + email);
        return login(email);
    }

    /** A new account given the ORGANIZER role by the admin; the grant ends its sessions, so it logs in again. */
    public String organizer(String email, String admin) {
        String first = signUp(email);
        String userId = call("GET", "/api/auth/me", first, "", Map.of()).json().path("id").asString();
        Response granted = call("PUT", "/api/auth/admin/users/" + userId + "/roles/ORGANIZER", admin, "", Map.of());
        if (granted.status() < 200 || granted.status() > 204) {
            throw new IllegalStateException("grant: " + granted);
        }
        return login(email);
    }

    public String login(String email) {
        return expect(call("POST", "/api/auth/login", null, JSON.writeValueAsString(Map.of("email", email,
                "password", PASSWORD)), Map.of()), 200, "login " + email).json().path("accessToken").asString();
    }

    private static Response expect(Response response, int status, String what) {
        if (response.status() != status) {
            throw new IllegalStateException(what + " answered " + response.status() + ": " + response.body());
        }
        return response;
    }
}
