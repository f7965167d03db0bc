package com.eventplanner.web;

import java.util.List;
import java.util.Objects;

/**
 * Thrown by domain and handler code for an error the client caused or must know about, e.g.
 * {@code throw ApiException.conflict("SOLD_OUT", "No seats left for this event")}. The detail is shown to the client,
 * so it must not carry internal data. Turned into a {@link Problem} by the MVC advice and by {@link Problems}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String detail;
    private final List<Problem.FieldError> errors;

    public ApiException(int status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    public ApiException(int status, String code, String detail, List<Problem.FieldError> errors) {
        super(code + ": " + detail);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        Problem.typeOf(code);
        this.status = status;
        this.code = code;
        this.detail = Objects.requireNonNull(detail, "detail");
        this.errors = List.copyOf(errors);
    }

    public static ApiException badRequest(String code, String detail, Problem.FieldError... errors) {
        return new ApiException(400, code, detail, List.of(errors));
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "UNAUTHORIZED", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "FORBIDDEN", detail);
    }

    public static ApiException notFound(String code, String detail) {
        return new ApiException(404, code, detail);
    }

    public static ApiException conflict(String code, String detail) {
        return new ApiException(409, code, detail);
    }

    public static ApiException unprocessable(String code, String detail, Problem.FieldError... errors) {
        return new ApiException(422, code, detail, List.of(errors));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return detail;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Problem toProblem() {
        return Problem.of(status, code, detail).withErrors(errors);
    }
}
