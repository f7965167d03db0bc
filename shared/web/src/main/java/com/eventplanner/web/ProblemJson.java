package com.eventplanner.web;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Problem documents to and from JSON, without Spring: ALB Lambda handlers write their error bodies with this. */
public final class ProblemJson {

    // reading is tolerant: a problem from another server may carry extension members this one does not know
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ProblemJson() {
    }

    public static String write(Problem problem) {
        return MAPPER.writeValueAsString(problem);
    }

    public static byte[] writeBytes(Problem problem) {
        return MAPPER.writeValueAsBytes(problem);
    }

    /** @throws tools.jackson.core.JacksonException if the text is not a problem document */
    public static Problem read(String json) {
        return MAPPER.readValue(json, Problem.class);
    }
}
