package com.eventplanner.web;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a problem from servlet code that runs outside Spring MVC's exception handling: filters, a Spring Security
 * {@code AuthenticationEntryPoint} or {@code AccessDeniedHandler}.
 */
public final class ServletProblems {

    private ServletProblems() {
    }

    /** Writes {@code problem}, with the current correlation id, as the whole response. */
    public static void write(HttpServletResponse response, Problem problem) throws IOException {
        ProblemResponse full = ProblemResponse.of(problem.correlationId() != null
                ? problem
                : problem.withCorrelationId(CorrelationId.current().orElse(null)));
        response.setStatus(full.status());
        full.headers().forEach(response::setHeader);
        response.getOutputStream().write(full.body().getBytes(StandardCharsets.UTF_8));
    }
}
