package com.eventplanner.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps any exception to the problem the client gets, outside Spring MVC (ALB Lambda handlers):
 * {@code catch (RuntimeException e) { return toAlbResponse(ProblemResponse.of(Problems.from(e, path))); }}.
 */
public final class Problems {

    static final String INTERNAL_DETAIL =
            "An unexpected error occurred. Quote the correlation id when reporting it.";
    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    /**
     * An {@link ApiException} becomes its own problem; anything else is logged (with the correlation id from the MDC)
     * and becomes a 500 whose detail reveals nothing about the cause.
     */
    public static Problem from(Throwable error, String instance) {
        if (error instanceof ApiException api) {
            if (api.status() >= 500) {
                log.warn("Request {} failed: {}", instance, api.getMessage());
            }
            return finish(api.toProblem(), instance);
        }
        log.error("Unhandled exception on {}", instance, error);
        return internalError(instance);
    }

    public static Problem internalError(String instance) {
        return finish(Problem.ofStatus(500, INTERNAL_DETAIL), instance);
    }

    static Problem finish(Problem problem, String instance) {
        return problem.withInstance(instance).withCorrelationId(CorrelationId.current().orElse(null));
    }
}
