package com.eventplanner.localinfra;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An SNS subscription filter policy, evaluated like SNS does: every key must match, any condition of a key may match.
 * Supports exact strings and numbers, {@code prefix}, {@code suffix}, {@code equals-ignore-case},
 * {@code anything-but} (value, list or prefix/suffix), {@code exists}, {@code numeric} ranges and {@code $or}, on
 * message attributes or (scope {@code MessageBody}) on the JSON body.
 */
final class SnsFilterPolicy {

    static final String SCOPE_ATTRIBUTES = "MessageAttributes";
    static final String SCOPE_BODY = "MessageBody";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode policy;
    private final boolean bodyScope;

    private SnsFilterPolicy(JsonNode policy, boolean bodyScope) {
        this.policy = policy;
        this.bodyScope = bodyScope;
    }

    /** @throws IllegalArgumentException when the policy is not a JSON object */
    static SnsFilterPolicy parse(String json, String scope) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("FilterPolicy: failed to parse JSON. " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("FilterPolicy: must be a JSON object");
        }
        return new SnsFilterPolicy(node, SCOPE_BODY.equals(scope));
    }

    boolean matches(Map<String, SnsMessageAttribute> attributes, String body) {
        if (bodyScope) {
            JsonNode document;
            try {
                document = JSON.readTree(body);
            } catch (JacksonException e) {
                return false;
            }
            return document != null && document.isObject() && matchesBody(policy, document);
        }
        return matchesAttributes(policy, attributes);
    }

    private static boolean matchesAttributes(JsonNode policy, Map<String, SnsMessageAttribute> attributes) {
        for (Map.Entry<String, JsonNode> entry : policy.properties()) {
            if (entry.getKey().equals("$or")) {
                boolean any = false;
                for (JsonNode alternative : entry.getValue()) {
                    any |= matchesAttributes(alternative, attributes);
                }
                if (!any) {
                    return false;
                }
                continue;
            }
            SnsMessageAttribute attribute = attributes.get(entry.getKey());
            Candidate candidate = attribute == null ? Candidate.ABSENT : Candidate.of(attribute);
            if (!matchesAny(entry.getValue(), candidate)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesBody(JsonNode policy, JsonNode document) {
        for (Map.Entry<String, JsonNode> entry : policy.properties()) {
            if (entry.getKey().equals("$or")) {
                boolean any = false;
                for (JsonNode alternative : entry.getValue()) {
                    any |= matchesBody(alternative, document);
                }
                if (!any) {
                    return false;
                }
                continue;
            }
            JsonNode value = document.get(entry.getKey());
            if (entry.getValue().isObject()) {
                if (value == null || !value.isObject() || !matchesBody(entry.getValue(), value)) {
                    return false;
                }
            } else if (!matchesAny(entry.getValue(), value == null ? Candidate.ABSENT : Candidate.of(value))) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesAny(JsonNode conditions, Candidate candidate) {
        if (!conditions.isArray()) {
            return matches(conditions, candidate);
        }
        for (JsonNode condition : conditions) {
            if (matches(condition, candidate)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(JsonNode condition, Candidate candidate) {
        if (condition.isObject()) {
            Map.Entry<String, JsonNode> operator = condition.properties().iterator().next();
            JsonNode operand = operator.getValue();
            return switch (operator.getKey()) {
                case "exists" -> operand.asBoolean() == candidate.present;
                case "prefix" -> candidate.strings().stream().anyMatch(s -> s.startsWith(operand.asString()));
                case "suffix" -> candidate.strings().stream().anyMatch(s -> s.endsWith(operand.asString()));
                case "equals-ignore-case" -> candidate.strings().stream().anyMatch(s -> s.equalsIgnoreCase(operand.asString()));
                case "anything-but" -> candidate.present && !candidate.values.isEmpty()
                        && candidate.values.stream().noneMatch(v -> excludedBy(operand, v));
                case "numeric" -> candidate.values.stream()
                        .anyMatch(v -> v instanceof BigDecimal number && inRange(operand, number));
                default -> false;
            };
        }
        return candidate.present && candidate.values.stream().anyMatch(v -> equalsLiteral(condition, v));
    }

    private static boolean excludedBy(JsonNode operand, Object value) {
        if (operand.isArray()) {
            for (JsonNode element : operand) {
                if (equalsLiteral(element, value)) {
                    return true;
                }
            }
            return false;
        }
        if (operand.isObject()) {
            Map.Entry<String, JsonNode> inner = operand.properties().iterator().next();
            String text = String.valueOf(value);
            return switch (inner.getKey()) {
                case "prefix" -> value instanceof String && text.startsWith(inner.getValue().asString());
                case "suffix" -> value instanceof String && text.endsWith(inner.getValue().asString());
                default -> false;
            };
        }
        return equalsLiteral(operand, value);
    }

    private static boolean equalsLiteral(JsonNode literal, Object value) {
        if (literal.isNumber()) {
            return value instanceof BigDecimal number && number.compareTo(literal.decimalValue()) == 0;
        }
        if (literal.isString()) {
            return value instanceof String s && s.equals(literal.asString());
        }
        if (literal.isBoolean()) {
            return value instanceof Boolean b && b == literal.asBoolean();
        }
        return literal.isNull() && value == null;
    }

    private static boolean inRange(JsonNode operand, BigDecimal number) {
        for (int i = 0; i + 1 < operand.size(); i += 2) {
            int comparison = number.compareTo(operand.get(i + 1).decimalValue());
            boolean ok = switch (operand.get(i).asString()) {
                case "=" -> comparison == 0;
                case "<" -> comparison < 0;
                case "<=" -> comparison <= 0;
                case ">" -> comparison > 0;
                case ">=" -> comparison >= 0;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The value(s) a condition is tested against: strings, BigDecimal numbers, booleans or null. */
    private record Candidate(boolean present, List<Object> values) {
        static final Candidate ABSENT = new Candidate(false, List.of());

        static Candidate of(SnsMessageAttribute attribute) {
            String type = attribute.dataType();
            if (type.startsWith("Binary")) {
                return new Candidate(true, List.of());
            }
            if (type.startsWith("Number")) {
                try {
                    return new Candidate(true, List.of(new BigDecimal(attribute.stringValue())));
                } catch (NumberFormatException e) {
                    return new Candidate(true, List.of());
                }
            }
            if (type.equals("String.Array")) {
                try {
                    return of(JSON.readTree(attribute.stringValue()));
                } catch (JacksonException e) {
                    return new Candidate(true, List.of());
                }
            }
            return new Candidate(true, List.of(attribute.stringValue()));
        }

        static Candidate of(JsonNode node) {
            List<Object> values = new ArrayList<>();
            if (node.isArray()) {
                node.forEach(element -> values.add(scalar(element)));
            } else {
                values.add(scalar(node));
            }
            return new Candidate(true, values);
        }

        private static Object scalar(JsonNode node) {
            if (node.isNumber()) {
                return node.decimalValue();
            }
            if (node.isBoolean()) {
                return node.asBoolean();
            }
            return node.isNull() ? null : node.isString() ? node.asString() : node.toString();
        }

        List<String> strings() {
            return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
    }
}
