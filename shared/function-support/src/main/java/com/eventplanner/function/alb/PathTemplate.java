package com.eventplanner.function.alb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A path such as {@code /api/events/{eventId}/publish}: literal segments and named variables, one per segment. */
record PathTemplate(String template, List<String> segments) {

    static PathTemplate parse(String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("path template must start with '/': " + template);
        }
        List<String> segments = split(template);
        for (String segment : segments) {
            boolean variable = segment.startsWith("{") && segment.endsWith("}");
            if (!variable && (segment.contains("{") || segment.contains("}"))) {
                throw new IllegalArgumentException("a variable must fill its whole segment: " + template);
            }
        }
        return new PathTemplate(template, List.copyOf(segments));
    }

    /** The variables of {@code path} when it matches, else empty. */
    Optional<Map<String, String>> match(String path) {
        List<String> actual = split(path);
        if (actual.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            if (expected.startsWith("{")) {
                variables.put(expected.substring(1, expected.length() - 1), actual.get(i));
            } else if (!expected.equals(actual.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(variables);
    }

    /** Literal segments outrank variables, so {@code /api/events/mine} wins over {@code /api/events/{id}}. */
    int specificity() {
        return (int) segments.stream().filter(s -> !s.startsWith("{")).count();
    }

    private static List<String> split(String path) {
        List<String> segments = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                segments.add(part);
            }
        }
        return segments;
    }
}
