package com.eventplanner.web;

import org.slf4j.MDC;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id that ties together every log line, message and audit record of one request. Taken from
 * {@code X-Correlation-Id}, else from the {@code Root=} of the ALB's {@code X-Amzn-Trace-Id}, else newly made; held
 * in the MDC under {@code correlationId} while the request runs.
 *
 * <p>In a Lambda handler: {@code try (var id = CorrelationId.open(event.getHeaders())) { ... }}.
 */
public final class CorrelationId {

    public static final String HEADER = "X-Correlation-Id";
    public static final String TRACE_HEADER = "X-Amzn-Trace-Id";
    public static final String MDC_KEY = "correlationId";
    /** Room for a UUID (36) or an X-Ray trace id (35) and a little more; anything longer is not ours. */
    static final int MAX_LENGTH = 64;
    /** No spaces, quotes or control characters: a header value must not be able to forge log lines or JSON. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0," + (MAX_LENGTH - 1) + "}");

    private CorrelationId() {
    }

    /** @return the caller's id if it is acceptable, else the ALB trace root if acceptable, else a new UUID */
    public static String resolve(String correlationHeader, String traceHeader) {
        if (isValid(correlationHeader)) {
            return correlationHeader;
        }
        String root = traceRoot(traceHeader);
        return root != null ? root : newId();
    }

    /** Same as {@link #resolve(String, String)} for a header map whose names may be in any case (ALB events lower-case them). */
    public static String resolve(Map<String, String> headers) {
        return resolve(header(headers, HEADER), header(headers, TRACE_HEADER));
    }

    /** For ALB targets with multi-value headers enabled. */
    public static String resolveMultiValue(Map<String, List<String>> headers) {
        return resolve(first(header(headers, HEADER)), first(header(headers, TRACE_HEADER)));
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** The id of the request this thread is serving, if any. */
    public static Optional<String> current() {
        return Optional.ofNullable(MDC.get(MDC_KEY));
    }

    /** Puts {@code id} into the MDC until the returned scope is closed, then restores what was there before. */
    public static Scope open(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("invalid correlation id");
        }
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, id);
        return new Scope(id, previous);
    }

    /** Resolves the id from request headers and opens a scope with it. */
    public static Scope open(Map<String, String> headers) {
        return open(resolve(headers == null ? Map.of() : headers));
    }

    static String traceRoot(String traceHeader) {
        if (traceHeader == null || traceHeader.length() > 512) {
            return null;
        }
        for (String part : traceHeader.split(";")) {
            String field = part.strip();
            if (field.regionMatches(true, 0, "Root=", 0, 5)) {
                String root = field.substring(5);
                return isValid(root) ? root : null;
            }
        }
        return null;
    }

    private static <V> V header(Map<String, V> headers, String name) {
        if (headers == null) {
            return null;
        }
        V exact = headers.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, V> entry : headers.entrySet()) {
            if (name.equalsIgnoreCase(entry.getKey())) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The correlation id bound to the current thread; closing it restores the previous binding. */
    public static final class Scope implements AutoCloseable {

        private final String id;
        private final String previous;

        private Scope(String id, String previous) {
            this.id = id;
            this.previous = previous;
        }

        public String id() {
            return id;
        }

        @Override
        public void close() {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        }
    }
}
