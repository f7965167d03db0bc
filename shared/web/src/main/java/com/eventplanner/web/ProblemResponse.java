package com.eventplanner.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete HTTP error response for handlers that build responses by hand (ALB Lambda targets): copy status, headers
 * and body onto {@code ApplicationLoadBalancerResponseEvent}.
 */
public record ProblemResponse(int status, Map<String, String> headers, String body) {

    /** RFC 6750: a 401 names the scheme the client should use. */
    static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    public ProblemResponse {
        headers = Map.copyOf(headers);
    }

    public static ProblemResponse of(Problem problem) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", Problem.MEDIA_TYPE);
        if (problem.correlationId() != null) {
            headers.put(CorrelationId.HEADER, problem.correlationId());
        }
        if (problem.status() == 401) {
            headers.put(WWW_AUTHENTICATE, "Bearer");
        }
        return new ProblemResponse(problem.status(), headers, ProblemJson.write(problem));
    }
}
