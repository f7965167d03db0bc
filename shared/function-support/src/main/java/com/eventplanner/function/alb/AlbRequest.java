package com.eventplanner.function.alb;

import com.eventplanner.security.AuthenticatedUser;
import com.eventplanner.security.JwtVerifier;
import com.eventplanner.web.ApiException;
import com.eventplanner.web.Problem;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * One ALB request as a route handler sees it: path variables, decoded query parameters (the ALB passes them
 * URL-encoded as the client sent them), headers by lower-case name, the decoded body, and the caller.
 */
public final class AlbRequest {

    private final String method;
    private final String path;
    private final Map<String, String> pathVariables;
    private final Map<String, String> query;
    private final Map<String, String> headers;
    private final String body;
    private final JsonBodies bodies;
    private final JwtVerifier verifier;
    private AuthenticatedUser user;

    AlbRequest(String method, String path, Map<String, String> pathVariables, Map<String, String> query,
               Map<String, String> headers, String body, JsonBodies bodies, JwtVerifier verifier) {
        this.method = method;
        this.path = path;
        this.pathVariables = Map.copyOf(pathVariables);
        this.query = Map.copyOf(query);
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.bodies = bodies;
        this.verifier = verifier;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String body() {
        return body;
    }

    /** The caller behind {@code Authorization: Bearer}; a missing or rejected token answers 401. */
    public AuthenticatedUser user() {
        if (user == null) {
            if (verifier == null) {
                throw new IllegalStateException("no JwtVerifier configured (set AUTH_JWKS_URL)");
            }
            user = verifier.verifyAuthorizationHeader(header("authorization").orElse(null));
        }
        return user;
    }

    /** The caller if the request carries a token; a token that is present but invalid still answers 401. */
    public Optional<AuthenticatedUser> optionalUser() {
        return header("authorization").isPresent() ? Optional.of(user()) : Optional.empty();
    }

    /** The body decoded and validated; any fault is a 400 problem naming the field. */
    public <T> T body(Class<T> type) {
        return bodies.read(body, type);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public String pathVariable(String name) {
        String value = pathVariables.get(name);
        if (value == null) {
            throw new IllegalArgumentException("route has no variable {" + name + "}");
        }
        return value;
    }

    /** A path variable that must be a UUID; anything else cannot name a resource, so it is a 404. */
    public UUID pathUuid(String name, String notFoundCode) {
        try {
            return UUID.fromString(pathVariable(name));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(notFoundCode, "No such resource");
        }
    }

    public Optional<String> query(String name) {
        String value = query.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** A query parameter converted by {@code parser}; a value it rejects is a 400 problem naming the parameter. */
    public <T> Optional<T> query(String name, Function<String, T> parser, String expected) {
        Optional<String> raw = query(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(raw.get()));
        } catch (RuntimeException e) {
            throw ApiException.badRequest("VALIDATION_FAILED", "A query parameter is invalid",
                    new Problem.FieldError(name, "must be " + expected));
        }
    }

    static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("MALFORMED_QUERY", "The query string is not correctly encoded");
        }
    }
}
