package com.eventplanner.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A CloudFormation/SAM template read as plain data. Short-form tags ({@code !Ref}, {@code !GetAtt}, {@code !Sub}, ...)
 * are turned into their long form ({@code {Ref: x}}, {@code {Fn::GetAtt: [a, b]}}, ...) while parsing, so the
 * evaluator only has to know one form. Intrinsics are evaluated lazily, only for the values a caller asks for.
 */
public final class CloudFormationTemplate {

    public static final String FILE_NAME = "template.yaml";

    /** Marker for {@code !Ref AWS::NoValue}: the enclosing property or list element disappears. */
    static final Object NO_VALUE = new Object();

    private static final List<String> SHORT_FORM_FUNCTIONS = List.of("Sub", "If", "Equals", "Select", "Join", "Split",
            "GetAZs", "FindInMap", "ImportValue", "Not", "And", "Or", "Base64", "Cidr", "Length", "ToJsonString",
            "Transform");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Path path;
    private final Map<String, Object> root;

    private CloudFormationTemplate(Path path, Map<String, Object> root) {
        this.path = path;
        this.root = root;
    }

    public static CloudFormationTemplate load(Path path) {
        try {
            return parse(path, Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    static CloudFormationTemplate parse(Path path, String yaml) {
        LoadSettings settings = LoadSettings.builder().setLabel(String.valueOf(path)).build();
        Object document = new Load(settings, new ShortFormConstructor(settings)).loadFromString(yaml);
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(path + " is not a CloudFormation template (no top-level mapping)");
        }
        return new CloudFormationTemplate(path, asStringMap(map));
    }

    /** Walks up from {@code start} to the first directory holding {@code template.yaml}. */
    public static Optional<Path> locate(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(FILE_NAME);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public Path path() {
        return path;
    }

    Map<String, Object> section(String name) {
        return root.get(name) instanceof Map<?, ?> m ? asStringMap(m) : Map.of();
    }

    Map<String, Object> resources() {
        return section("Resources");
    }

    Map<String, Object> resource(String logicalId) {
        return resources().get(logicalId) instanceof Map<?, ?> m ? asStringMap(m) : Map.of();
    }

    String type(String logicalId) {
        return String.valueOf(resource(logicalId).get("Type"));
    }

    Map<String, Object> properties(String logicalId) {
        return resource(logicalId).get("Properties") instanceof Map<?, ?> m ? asStringMap(m) : Map.of();
    }

    /** Creates an evaluator; {@code ref} and {@code getAtt} resolve references to resources of this template. */
    Evaluator evaluator(String stackName, String region, String accountId, Map<String, String> parameterOverrides,
            Function<String, Object> ref, BiFunction<String, String, Object> getAtt) {
        return new Evaluator(stackName, region, accountId, parameterOverrides, ref, getAtt);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asStringMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    final class Evaluator {
        private final Map<String, Object> pseudo = new LinkedHashMap<>();
        private final Map<String, String> parameterOverrides;
        private final Function<String, Object> ref;
        private final BiFunction<String, String, Object> getAtt;

        private Evaluator(String stackName, String region, String accountId, Map<String, String> parameterOverrides,
                Function<String, Object> ref, BiFunction<String, String, Object> getAtt) {
            this.parameterOverrides = parameterOverrides;
            this.ref = ref;
            this.getAtt = getAtt;
            pseudo.put("AWS::StackName", stackName);
            pseudo.put("AWS::Region", region);
            pseudo.put("AWS::AccountId", accountId);
            pseudo.put("AWS::Partition", "aws");
            pseudo.put("AWS::URLSuffix", "amazonaws.com");
            pseudo.put("AWS::StackId", "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + stackName + "/local");
            pseudo.put("AWS::NotificationARNs", List.of());
            pseudo.put("AWS::NoValue", NO_VALUE);
        }

        boolean resourceEnabled(String logicalId) {
            Object condition = resource(logicalId).get("Condition");
            return condition == null || condition(String.valueOf(condition));
        }

        boolean condition(String name) {
            Object definition = section("Conditions").get(name);
            if (definition == null) {
                throw new IllegalArgumentException("Unknown condition " + name + " in " + path);
            }
            return truthy(evaluate(definition));
        }

        String string(Object value) {
            Object evaluated = evaluate(value);
            return evaluated == null || evaluated == NO_VALUE ? null : scalarText(evaluated);
        }

        Object evaluate(Object value) {
            if (value instanceof Map<?, ?> map) {
                if (map.size() == 1) {
                    String key = String.valueOf(map.keySet().iterator().next());
                    if (key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::")) {
                        return function(key, map.values().iterator().next());
                    }
                }
                Map<String, Object> result = new LinkedHashMap<>();
                map.forEach((k, v) -> {
                    Object evaluated = evaluate(v);
                    if (evaluated != NO_VALUE) {
                        result.put(String.valueOf(k), evaluated);
                    }
                });
                return result;
            }
            if (value instanceof List<?> list) {
                List<Object> result = new ArrayList<>();
                for (Object element : list) {
                    Object evaluated = evaluate(element);
                    if (evaluated != NO_VALUE) {
                        result.add(evaluated);
                    }
                }
                return result;
            }
            return value;
        }

        private Object function(String name, Object argument) {
            return switch (name) {
                case "Ref" -> reference(String.valueOf(evaluate(argument)));
                case "Condition" -> condition(String.valueOf(argument));
                case "Fn::GetAtt" -> {
                    List<?> parts = argument instanceof List<?> l ? (List<?>) evaluate(l)
                            : List.of(String.valueOf(argument).split("\\.", 2));
                    yield getAtt.apply(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)));
                }
                case "Fn::Sub" -> substitute(argument);
                case "Fn::Join" -> {
                    List<?> args = list(argument);
                    String delimiter = String.valueOf(evaluate(args.get(0)));
                    List<String> parts = new ArrayList<>();
                    for (Object part : list(evaluate(args.get(1)))) {
                        parts.add(scalarText(part));
                    }
                    yield String.join(delimiter, parts);
                }
                case "Fn::Select" -> {
                    List<?> args = list(argument);
                    int index = Integer.parseInt(scalarText(evaluate(args.get(0))));
                    yield list(evaluate(args.get(1))).get(index);
                }
                case "Fn::Split" -> {
                    List<?> args = list(argument);
                    String delimiter = String.valueOf(evaluate(args.get(0)));
                    yield List.of(scalarText(evaluate(args.get(1))).split(Pattern.quote(delimiter), -1));
                }
                case "Fn::If" -> {
                    List<?> args = list(argument);
                    yield evaluate(condition(String.valueOf(args.get(0))) ? args.get(1) : args.get(2));
                }
                case "Fn::Equals" -> {
                    List<?> args = list(argument);
                    yield scalarText(evaluate(args.get(0))).equals(scalarText(evaluate(args.get(1))));
                }
                case "Fn::Not" -> !truthy(evaluate(list(argument).get(0)));
                case "Fn::And" -> list(argument).stream().allMatch(c -> truthy(evaluate(c)));
                case "Fn::Or" -> list(argument).stream().anyMatch(c -> truthy(evaluate(c)));
                case "Fn::GetAZs" -> {
                    String region = scalarText(evaluate(argument));
                    String base = region == null || region.isEmpty() ? (String) pseudo.get("AWS::Region") : region;
                    yield List.of(base + "a", base + "b", base + "c");
                }
                case "Fn::FindInMap" -> {
                    List<?> args = list(evaluate(argument));
                    Object top = section("Mappings").get(scalarText(args.get(0)));
                    Object second = top instanceof Map<?, ?> m ? m.get(scalarText(args.get(1))) : null;
                    Object value = second instanceof Map<?, ?> m ? m.get(scalarText(args.get(2))) : null;
                    if (value == null) {
                        throw new IllegalArgumentException("Fn::FindInMap " + args + " has no value in " + path);
                    }
                    yield evaluate(value);
                }
                case "Fn::Base64" -> Base64.getEncoder()
                        .encodeToString(scalarText(evaluate(argument)).getBytes(StandardCharsets.UTF_8));
                default -> throw new UnsupportedOperationException(
                        name + " cannot be resolved locally (" + argument + ") in " + path);
            };
        }

        private Object reference(String name) {
            if (pseudo.containsKey(name)) {
                return pseudo.get(name);
            }
            Object parameter = section("Parameters").get(name);
            if (parameter != null) {
                String override = parameterOverrides.get(name);
                Object value = override != null ? override
                        : parameter instanceof Map<?, ?> p ? p.get("Default") : null;
                if (value == null) {
                    throw new IllegalArgumentException("Parameter " + name + " has no Default; pass a value");
                }
                boolean isList = parameter instanceof Map<?, ?> p && String.valueOf(p.get("Type")).startsWith("List<")
                        || parameter instanceof Map<?, ?> q && "CommaDelimitedList".equals(q.get("Type"));
                return isList ? List.of(scalarText(value).split(",")) : scalarText(value);
            }
            if (resources().containsKey(name)) {
                return ref.apply(name);
            }
            throw new IllegalArgumentException("Ref to unknown name " + name + " in " + path);
        }

        private String substitute(Object argument) {
            String text;
            Map<String, Object> variables = new LinkedHashMap<>();
            if (argument instanceof List<?> args) {
                text = String.valueOf(args.get(0));
                if (args.size() > 1 && args.get(1) instanceof Map<?, ?> vars) {
                    vars.forEach((k, v) -> variables.put(String.valueOf(k), v));
                }
            } else {
                text = String.valueOf(argument);
            }
            Matcher matcher = SUB_VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String expression = matcher.group(1);
                String replacement;
                if (expression.startsWith("!")) {
                    replacement = "${" + expression.substring(1) + "}";
                } else if (variables.containsKey(expression)) {
                    replacement = scalarText(evaluate(variables.get(expression)));
                } else if (!pseudo.containsKey(expression) && !section("Parameters").containsKey(expression)
                        && expression.contains(".")) {
                    String[] parts = expression.split("\\.", 2);
                    replacement = scalarText(getAtt.apply(parts[0], parts[1]));
                } else {
                    replacement = scalarText(reference(expression));
                }
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(out);
            return out.toString();
        }

        private List<?> list(Object value) {
            if (value instanceof List<?> l) {
                return l;
            }
            throw new IllegalArgumentException("Expected a list but got " + value + " in " + path);
        }

        private boolean truthy(Object value) {
            return value instanceof Boolean b ? b : Boolean.parseBoolean(scalarText(value));
        }
    }

    static String scalarText(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(CloudFormationTemplate::scalarText).toList());
        }
        return String.valueOf(value);
    }

    /** Maps every CloudFormation short-form tag onto the long form it abbreviates. */
    private static final class ShortFormConstructor extends StandardConstructor {
        ShortFormConstructor(LoadSettings settings) {
            super(settings);
            tagConstructors.put(new Tag("!Ref"), node -> Map.of("Ref", plain(node)));
            tagConstructors.put(new Tag("!Condition"), node -> Map.of("Condition", plain(node)));
            tagConstructors.put(new Tag("!GetAtt"), node -> {
                Object value = plain(node);
                return Map.of("Fn::GetAtt", value instanceof String s ? List.of(s.split("\\.", 2)) : value);
            });
            for (String function : SHORT_FORM_FUNCTIONS) {
                tagConstructors.put(new Tag("!" + function), node -> Map.of("Fn::" + function, plain(node)));
            }
        }

        private Object plain(Node node) {
            if (node instanceof ScalarNode scalar) {
                return constructScalar(scalar);
            }
            if (node instanceof SequenceNode sequence) {
                return constructSequence(sequence);
            }
            if (node instanceof MappingNode mapping) {
                return constructMapping(mapping);
            }
            throw new IllegalArgumentException("Unexpected YAML node " + node);
        }
    }
}
