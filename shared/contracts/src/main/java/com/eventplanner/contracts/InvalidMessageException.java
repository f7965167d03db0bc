package com.eventplanner.contracts;

/** A message that cannot be decoded; the message says which rule it broke and, where there is one, the field. */
public class InvalidMessageException extends RuntimeException {

    public enum Reason { MALFORMED_JSON, MISSING_FIELD, INVALID_FIELD, UNKNOWN_TYPE, UNSUPPORTED_VERSION }

    private final Reason reason;
    private final String field;

    InvalidMessageException(Reason reason, String field, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The JSON path of the field at fault ({@code data.eventId}), or null when the fault is not one field's. */
    public String field() {
        return field;
    }
}
