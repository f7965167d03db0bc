package com.eventplanner.auth.web;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.eventplanner.auth.ratelimit.RateLimitedException;
import com.eventplanner.security.InvalidTokenException;
import com.eventplanner.web.CorrelationId;
import com.eventplanner.web.Problem;

import io.lettuce.core.RedisException;

/**
 * The auth failures that need response headers (Retry-After, WWW-Authenticate) or a status other than 500; every
 * other error becomes a problem in the shared web module's handler.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuthExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(AuthExceptionHandler.class);
    private static final MediaType PROBLEM_JSON = MediaType.parseMediaType(Problem.MEDIA_TYPE);

    @ExceptionHandler(RateLimitedException.class)
    ResponseEntity<Problem> rateLimited(RateLimitedException e, HttpServletRequest request) {
        return respond(e.toProblem(), request, HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
    }

    /** One answer for every rejected token, so a caller cannot probe which check failed; the reason goes to the log. */
    @ExceptionHandler(InvalidTokenException.class)
    ResponseEntity<Problem> invalidToken(InvalidTokenException e, HttpServletRequest request) {
        log.info("access token rejected: {} ({})", e.reason(), e.getMessage());
        if (e.reason() == InvalidTokenException.Reason.VERIFICATION_UNAVAILABLE) {
            return respond(Problem.ofStatus(503, "The access token could not be checked right now."), request,
                    HttpHeaders.RETRY_AFTER, "1");
        }
        String challenge = e.reason() == InvalidTokenException.Reason.MISSING
                ? "Bearer" : "Bearer error=\"invalid_token\"";
        return respond(Problem.ofStatus(401, "A valid access token is required."), request,
                HttpHeaders.WWW_AUTHENTICATE, challenge);
    }

    /** Sessions, codes and limits live in Redis: without it no auth decision can be made, so ask the client to retry. */
    @ExceptionHandler(RedisException.class)
    ResponseEntity<Problem> redisUnavailable(RedisException e, HttpServletRequest request) {
        log.warn("Redis unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
        return respond(Problem.ofStatus(503, "The service is briefly unavailable. Try again."), request,
                HttpHeaders.RETRY_AFTER, "1");
    }

    private static ResponseEntity<Problem> respond(Problem problem, HttpServletRequest request, String header,
                                                   String value) {
        Problem body = problem.withInstance(request.getRequestURI())
                .withCorrelationId(CorrelationId.current().orElse(null));
        return ResponseEntity.status(body.status()).contentType(PROBLEM_JSON).header(header, value).body(body);
    }
}
