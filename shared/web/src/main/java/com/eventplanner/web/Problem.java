package com.eventplanner.web;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An RFC 9457 problem details document: the body of every error response, from Spring MVC controllers and ALB
 * Lambda handlers alike. {@code correlationId} and {@code errors} are extension members.
 *
 * @param type          {@code about:blank} for plain HTTP errors, else {@code https://eventplanner.local/problems/<code>}
 * @param title         short summary, the same for every occurrence of the type
 * @param status        the HTTP status code
 * @param detail        what went wrong this time, safe to show to the client
 * @param instance      the request path
 * @param correlationId the id to quote when reporting the error; it is in every log line of the request
 * @param errors        the request fields at fault, empty when the problem is not about one field
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance, String correlationId,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final URI BLANK_TYPE = URI.create("about:blank");
    public static final String TYPE_BASE = "https://eventplanner.local/problems/";

    /** One request field that was missing or invalid; nested fields are dotted, list items indexed: {@code items[0].qty}. */
    public record FieldError(String field, String message) {
        public FieldError {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }
    }

    public Problem {
        type = type == null ? BLANK_TYPE : type;
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A problem typed by a domain code such as {@code SOLD_OUT}: type {@code .../problems/sold-out}, title "Sold out". */
    public static Problem of(int status, String code, String detail) {
        return new Problem(typeOf(code), titleOf(code), status, detail, null, null, List.of());
    }

    /** A plain HTTP problem: type {@code about:blank}, title the status's reason phrase. */
    public static Problem ofStatus(int status, String detail) {
        return new Problem(BLANK_TYPE, reasonPhrase(status), status, detail, null, null, List.of());
    }

    public Problem withInstance(String instance) {
        return new Problem(type, title, status, detail, instance, correlationId, errors);
    }

    public Problem withCorrelationId(String correlationId) {
        return new Problem(type, title, status, detail, instance, correlationId, errors);
    }

    public Problem withErrors(List<FieldError> errors) {
        return new Problem(type, title, status, detail, instance, correlationId, errors);
    }

    static URI typeOf(String code) {
        if (code == null || !code.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("problem code must be letters, digits, '_' or '-': " + code);
        }
        return URI.create(TYPE_BASE + code.toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    static String titleOf(String code) {
        String words = code.toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }
}
