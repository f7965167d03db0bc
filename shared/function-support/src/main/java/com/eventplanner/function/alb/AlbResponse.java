package com.eventplanner.function.alb;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers: status, extra headers and a body the router writes as JSON (null for no body). Error
 * responses are not built here: handlers throw {@link com.eventplanner.web.ApiException} and the router renders the
 * problem document.
 */
public record AlbResponse(int status, Map<String, String> headers, Object body) {

    public AlbResponse {
        headers = Map.copyOf(headers);
    }

    public static AlbResponse ok(Object body) {
        return new AlbResponse(200, Map.of(), body);
    }

    public static AlbResponse created(String location, Object body) {
        return new AlbResponse(201, Map.of("Location", location), body);
    }

    public static AlbResponse noContent() {
        return new AlbResponse(204, Map.of(), null);
    }

    public AlbResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new AlbResponse(status, copy, body);
    }
}
