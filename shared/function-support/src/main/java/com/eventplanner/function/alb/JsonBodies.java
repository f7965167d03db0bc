package com.eventplanner.function.alb;

import com.eventplanner.web.ApiException;
import com.eventplanner.web.Problem;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON request body into a record and validates it with Bean Validation. Every failure is a 400 problem
 * naming the field at fault ({@code venue.city}, {@code price.amount}); the body itself is never echoed. Unknown
 * properties are refused, so a client cannot set what the API does not offer (mass assignment).
 */
public final class JsonBodies {

    private final JsonMapper reader;
    private final JsonMapper writer;
    private final Supplier<Validator> validator;

    public JsonBodies(JsonMapper mapper, Validator validator) {
        this(mapper, SingletonSupplier.of(Objects.requireNonNull(validator, "validator")));
    }

    /** {@code validator} is asked for at each body read, so it can build Bean Validation at the first one. */
    public JsonBodies(JsonMapper mapper, Supplier<Validator> validator) {
        this.writer = Objects.requireNonNull(mapper, "mapper");
        this.reader = mapper.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    public <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("MISSING_BODY", "A JSON request body is required");
        }
        T value;
        try {
            value = reader.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw ApiException.badRequest("VALIDATION_FAILED", "The request has an unknown field",
                    new Problem.FieldError(field, "unknown field"));
        } catch (MismatchedInputException e) {
            String field = path(e);
            if (field.isEmpty()) {
                throw ApiException.badRequest("MALFORMED_BODY", "The request body is not the expected JSON object");
            }
            throw ApiException.badRequest("VALIDATION_FAILED", "A field has the wrong type or format",
                    new Problem.FieldError(field, "has the wrong type or format"));
        } catch (StreamReadException e) {
            throw ApiException.badRequest("MALFORMED_BODY", "The request body is not valid JSON");
        } catch (JacksonException e) {
            String field = path(e);
            throw ApiException.badRequest("VALIDATION_FAILED", "A field is invalid",
                    new Problem.FieldError(field.isEmpty() ? "body" : field, "is invalid"));
        }
        if (value == null) {
            throw ApiException.badRequest("MISSING_BODY", "A JSON request body is required");
        }
        validate(value);
        return value;
    }

    /** Validates a value built by the handler (e.g. from query parameters) the same way as a body. */
    public void validate(Object value) {
        List<Problem.FieldError> errors = validator.get().validate(value).stream()
                .map(JsonBodies::toFieldError)
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        if (!errors.isEmpty()) {
            throw new ApiException(400, "VALIDATION_FAILED", "The request has invalid fields", errors);
        }
    }

    public String write(Object value) {
        return writer.writeValueAsString(value);
    }

    private static Problem.FieldError toFieldError(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getName() == null) {
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(node.getName());
        }
        return new Problem.FieldError(field.isEmpty() ? "body" : field.toString(), violation.getMessage());
    }

    private static String path(JacksonException e) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }
}
