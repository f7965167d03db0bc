package com.eventplanner.web;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.Errors;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.ArrayList;
import java.util.List;

/**
 * Every error of a Spring MVC app as a {@link Problem}: Spring's own exceptions keep the status
 * {@link ResponseEntityExceptionHandler} gives them (400, 404, 405, 413, 415, ...) and gain the request fields at fault
 * and the correlation id; {@link ApiException} keeps its status; anything else is a logged 500 that leaks nothing.
 * Ordered last so an application's own advice can still take particular exceptions.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);
    private static final MediaType PROBLEM_JSON = MediaType.parseMediaType(Problem.MEDIA_TYPE);

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<Object> handleApiException(ApiException ex, HttpServletRequest request) {
        if (ex.status() >= 500) {
            log.warn("Request {} {} failed: {}", request.getMethod(), request.getRequestURI(), ex.getMessage());
        }
        HttpHeaders headers = new HttpHeaders();
        if (ex.status() == 401) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return respond(Problems.finish(ex.toProblem(), request.getRequestURI()), headers);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> handleUnexpected(Exception ex, HttpServletRequest request) {
        if (causedByOversizedBody(ex)) {
            return respond(tooLarge(request.getRequestURI()), connectionClose());
        }
        log.error("Unhandled exception on {} {}", request.getMethod(), request.getRequestURI(), ex);
        return respond(Problems.internalError(request.getRequestURI()), new HttpHeaders());
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        String path = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : null;
        HttpHeaders responseHeaders = new HttpHeaders();
        responseHeaders.putAll(headers);
        if (causedByOversizedBody(ex)) {
            responseHeaders.set(HttpHeaders.CONNECTION, "close");
            return super.handleExceptionInternal(ex, tooLarge(path), withProblemType(responseHeaders),
                    HttpStatusCode.valueOf(413), request);
        }
        Problem problem = fromSpring(ex, body instanceof ProblemDetail detail ? detail : null, statusCode, path);
        if (statusCode.is5xxServerError()) {
            log.error("Request {} failed", path, ex);
        }
        return super.handleExceptionInternal(ex, problem, withProblemType(responseHeaders), statusCode, request);
    }

    private static Problem fromSpring(Exception ex, ProblemDetail detail, HttpStatusCode status, String path) {
        int code = status.value();
        String title = detail != null && detail.getTitle() != null ? detail.getTitle() : Problem.reasonPhrase(code);
        String text = detail != null ? detail.getDetail() : null;
        List<Problem.FieldError> errors = fieldErrors(ex);
        if (ex instanceof HttpMessageNotReadableException) {
            text = errors.isEmpty() ? unreadableDetail(ex) : "The request body has invalid or unknown fields.";
        }
        if (code >= 500) {
            text = Problems.INTERNAL_DETAIL;
        }
        Problem problem = new Problem(detail != null ? detail.getType() : null, title, code, text, null, null, errors);
        return Problems.finish(problem, path);
    }

    private static List<Problem.FieldError> fieldErrors(Exception ex) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (ex instanceof MethodArgumentNotValidException invalid) {
            addBindingErrors(invalid.getBindingResult(), errors);
        } else if (ex instanceof HandlerMethodValidationException invalid) {
            for (ParameterValidationResult result : invalid.getParameterValidationResults()) {
                if (result instanceof ParameterErrors bound) {
                    addBindingErrors(bound, errors);
                } else {
                    String name = result.getMethodParameter().getParameterName();
                    result.getResolvableErrors().forEach(error -> errors.add(
                            new Problem.FieldError(String.valueOf(name), String.valueOf(error.getDefaultMessage()))));
                }
            }
        } else if (ex instanceof MissingRequestHeaderException missing) {
            errors.add(new Problem.FieldError(missing.getHeaderName(), "required header is missing"));
        } else if (ex instanceof MissingServletRequestParameterException missing) {
            errors.add(new Problem.FieldError(missing.getParameterName(), "required parameter is missing"));
        } else if (ex instanceof MethodArgumentTypeMismatchException mismatch) {
            errors.add(new Problem.FieldError(mismatch.getName(), "invalid value"));
        } else if (ex instanceof HttpMessageNotReadableException) {
            JacksonException jackson = find(ex, JacksonException.class);
            if (jackson != null && !(jackson instanceof StreamReadException) && !jackson.getPath().isEmpty()) {
                String message = jackson instanceof UnrecognizedPropertyException ? "unknown field" : "invalid value";
                errors.add(new Problem.FieldError(path(jackson.getPath()), message));
            }
        }
        return errors;
    }

    private static void addBindingErrors(Errors result, List<Problem.FieldError> errors) {
        result.getFieldErrors().forEach(error -> errors.add(
                new Problem.FieldError(error.getField(), String.valueOf(error.getDefaultMessage()))));
        result.getGlobalErrors().forEach(error -> errors.add(
                new Problem.FieldError(error.getObjectName(), String.valueOf(error.getDefaultMessage()))));
    }

    /** {@code items[0].qty} from Jackson's path of references. */
    static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String unreadableDetail(Exception ex) {
        if (find(ex, StreamReadException.class) != null) {
            return "The request body is not well-formed JSON.";
        }
        String message = ex.getMessage();
        if (message != null && message.startsWith("Required request body is missing")) {
            return "The request body is missing.";
        }
        return "The request body could not be read.";
    }

    private static Problem tooLarge(String path) {
        return Problems.finish(Problem.ofStatus(413, "Request body is too large."), path);
    }

    private static boolean causedByOversizedBody(Throwable ex) {
        return find(ex, RequestSizeLimitFilter.PayloadTooLargeException.class) != null;
    }

    private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static HttpHeaders connectionClose() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONNECTION, "close");
        return headers;
    }

    private static HttpHeaders withProblemType(HttpHeaders headers) {
        headers.setContentType(PROBLEM_JSON);
        return headers;
    }

    private static ResponseEntity<Object> respond(Problem problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.status()).headers(withProblemType(headers)).body(problem);
    }
}
