package com.eventplanner.function.alb;

import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerResponseEvent;
import com.eventplanner.security.InvalidTokenException;
import com.eventplanner.security.JwtVerifier;
import com.eventplanner.web.ApiException;
import com.eventplanner.web.CorrelationId;
import com.eventplanner.web.Problem;
import com.eventplanner.web.ProblemJson;
import com.eventplanner.web.Problems;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches ALB Lambda-target requests over a route table (method + path template -> handler) and turns the result
 * into an {@link ApplicationLoadBalancerResponseEvent}: JSON bodies, RFC 9457 problems for every error, 404 for an
 * unknown path, 405 with {@code Allow} for a known path with another method, the correlation id in the MDC while the
 * handler runs and in the response header. Works with and without multi-value headers on the target group.
 */
public final class AlbRouter {

    private static final Logger log = LoggerFactory.getLogger(AlbRouter.class);
    private static final String JSON = "application/json";

    private record Route(String method, PathTemplate template, RouteHandler handler) {
    }

    private final List<Route> routes;
    private final JsonBodies bodies;
    private final JwtVerifier verifier;

    private AlbRouter(List<Route> routes, JsonBodies bodies, JwtVerifier verifier) {
        // most specific first, so literal segments win over variables whatever the declaration order
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparingInt((Route r) -> r.template().specificity()).reversed());
        this.routes = List.copyOf(sorted);
        this.bodies = bodies;
        this.verifier = verifier;
    }

    /** @param verifier checks bearer tokens; may be null when no route calls {@link AlbRequest#user()} */
    public static Builder builder(JsonBodies bodies, JwtVerifier verifier) {
        return new Builder(bodies, verifier);
    }

    public ApplicationLoadBalancerResponseEvent handle(ApplicationLoadBalancerRequestEvent event) {
        boolean multiValue = event.getMultiValueHeaders() != null && !event.getMultiValueHeaders().isEmpty();
        Map<String, String> headers = headers(event, multiValue);
        String path = event.getPath() == null ? "/" : event.getPath();
        try (CorrelationId.Scope scope = CorrelationId.open(headers)) {
            Map<String, String> responseHeaders = new LinkedHashMap<>();
            responseHeaders.put(CorrelationId.HEADER, scope.id());
            int status;
            String body;
            try {
                AlbResponse response = dispatch(event, path, headers);
                status = response.status();
                responseHeaders.putAll(response.headers());
                body = response.body() == null ? null : bodies.write(response.body());
                if (body != null) {
                    responseHeaders.put("Content-Type", JSON);
                }
            } catch (RuntimeException e) {
                Problem problem = problem(e, path);
                status = problem.status();
                if (status == 401) {
                    responseHeaders.put("WWW-Authenticate", "Bearer");
                }
                if (e instanceof MethodNotAllowed notAllowed) {
                    responseHeaders.put("Allow", String.join(", ", notAllowed.allowed));
                }
                responseHeaders.put("Content-Type", Problem.MEDIA_TYPE);
                body = ProblemJson.write(problem);
            }
            return response(status, responseHeaders, body, multiValue);
        }
    }

    private AlbResponse dispatch(ApplicationLoadBalancerRequestEvent event, String path, Map<String, String> headers) {
        String method = event.getHttpMethod() == null ? "" : event.getHttpMethod().toUpperCase(Locale.ROOT);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> variables = route.template().match(path);
            if (variables.isEmpty()) {
                continue;
            }
            if (!route.method().equals(method)) {
                allowed.add(route.method());
                continue;
            }
            AlbRequest request = new AlbRequest(method, path, variables.get(), query(event), headers,
                    body(event), bodies, verifier);
            return route.handler().handle(request);
        }
        if (!allowed.isEmpty()) {
            throw new MethodNotAllowed(allowed);
        }
        throw ApiException.notFound("NOT_FOUND", "No resource at this path");
    }

    private static Problem problem(RuntimeException e, String path) {
        if (e instanceof InvalidTokenException invalid
                && invalid.reason() == InvalidTokenException.Reason.VERIFICATION_UNAVAILABLE) {
            // JWKS or the session store is down: the token may be fine, so the client should retry, not log in again
            log.warn("Access tokens cannot be verified on {}: {}", path, invalid.getMessage());
            return Problems.from(new ApiException(503, "AUTHENTICATION_UNAVAILABLE",
                    "Access tokens cannot be verified right now; retry shortly."), path);
        }
        if (e instanceof InvalidTokenException invalid) {
            // the reason is for our logs only: a client learns nothing about which check failed
            log.info("Rejected access token on {}: {}", path, invalid.reason());
            return Problems.from(ApiException.unauthorized("A valid access token is required"), path);
        }
        if (e instanceof MethodNotAllowed) {
            return Problems.from(new ApiException(405, "METHOD_NOT_ALLOWED", "This method is not allowed here"), path);
        }
        return Problems.from(e, path);
    }

    private static Map<String, String> headers(ApplicationLoadBalancerRequestEvent event, boolean multiValue) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (multiValue) {
            event.getMultiValueHeaders().forEach((name, values) -> {
                if (values != null && !values.isEmpty()) {
                    headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
                }
            });
        } else if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        }
        return headers;
    }

    private static Map<String, String> query(ApplicationLoadBalancerRequestEvent event) {
        Map<String, String> query = new LinkedHashMap<>();
        if (event.getMultiValueQueryStringParameters() != null) {
            event.getMultiValueQueryStringParameters().forEach((name, values) -> {
                if (values != null && !values.isEmpty()) {
                    query.put(AlbRequest.decode(name), AlbRequest.decode(values.get(0)));
                }
            });
        } else if (event.getQueryStringParameters() != null) {
            event.getQueryStringParameters().forEach((name, value) ->
                    query.put(AlbRequest.decode(name), AlbRequest.decode(value == null ? "" : value)));
        }
        return query;
    }

    private static String body(ApplicationLoadBalancerRequestEvent event) {
        String body = event.getBody();
        if (body == null || !event.getIsBase64Encoded()) {
            return body;
        }
        try {
            return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("MALFORMED_BODY", "The request body is not valid base64");
        }
    }

    private static ApplicationLoadBalancerResponseEvent response(int status, Map<String, String> headers, String body,
                                                                 boolean multiValue) {
        ApplicationLoadBalancerResponseEvent response = new ApplicationLoadBalancerResponseEvent();
        response.setStatusCode(status);
        response.setStatusDescription(status + " " + reason(status));
        response.setIsBase64Encoded(false);
        if (multiValue) {
            Map<String, List<String>> values = new LinkedHashMap<>();
            headers.forEach((name, value) -> values.put(name, List.of(value)));
            response.setMultiValueHeaders(values);
        } else {
            response.setHeaders(headers);
        }
        response.setBody(body == null ? "" : body);
        return response;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            default -> Problem.ofStatus(status, "").title();
        };
    }

    private static final class MethodNotAllowed extends RuntimeException {
        private final Set<String> allowed;

        MethodNotAllowed(Set<String> allowed) {
            super("method not allowed", null, false, false);
            this.allowed = allowed;
        }
    }

    /** Collects the route table; a duplicate method and path is a programming error. */
    public static final class Builder {
        private final JsonBodies bodies;
        private final JwtVerifier verifier;
        private final List<Route> routes = new ArrayList<>();

        private Builder(JsonBodies bodies, JwtVerifier verifier) {
            this.bodies = bodies;
            this.verifier = verifier;
        }

        public Builder route(String method, String pathTemplate, RouteHandler handler) {
            String upper = method.toUpperCase(Locale.ROOT);
            PathTemplate template = PathTemplate.parse(pathTemplate);
            for (Route existing : routes) {
                if (existing.method().equals(upper) && existing.template().segments().equals(template.segments())) {
                    throw new IllegalStateException("duplicate route " + upper + " " + pathTemplate);
                }
            }
            routes.add(new Route(upper, template, handler));
            return this;
        }

        public Builder get(String pathTemplate, RouteHandler handler) {
            return route("GET", pathTemplate, handler);
        }

        public Builder post(String pathTemplate, RouteHandler handler) {
            return route("POST", pathTemplate, handler);
        }

        public Builder put(String pathTemplate, RouteHandler handler) {
            return route("PUT", pathTemplate, handler);
        }

        public Builder patch(String pathTemplate, RouteHandler handler) {
            return route("PATCH", pathTemplate, handler);
        }

        public Builder delete(String pathTemplate, RouteHandler handler) {
            return route("DELETE", pathTemplate, handler);
        }

        public AlbRouter build() {
            return new AlbRouter(routes, bodies, verifier);
        }
    }
}
