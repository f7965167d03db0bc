package com.eventplanner.localinvoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The parts of a SAM template that {@code sam local invoke} reads for one function: CodeUri, Handler, Runtime,
 * Timeout, MemorySize and the environment, each taken from the function or else from {@code Globals.Function}.
 * Like SAM CLI, an environment value that is an intrinsic is resolved when it only needs parameters (their defaults
 * or overrides) and pseudo parameters; one that needs a deployed resource is left unset unless an override gives it.
 */
public final class SamTemplate {

    private static final List<String> FUNCTIONS = List.of("Sub", "If", "Equals", "Select", "Join", "Split", "GetAZs",
            "FindInMap", "ImportValue", "Not", "And", "Or", "Base64", "Cidr", "Length", "ToJsonString", "Transform");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");

    private final Path path;
    private final Map<String, Object> root;

    private SamTemplate(Path path, Map<String, Object> root) {
        this.path = path;
        this.root = root;
    }

    public static SamTemplate load(Path path) {
        String yaml;
        try {
            yaml = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        LoadSettings settings = LoadSettings.builder().setLabel(path.toString()).build();
        Object document = new Load(settings, new IntrinsicsConstructor(settings)).loadFromString(yaml);
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(path + " is not a template");
        }
        return new SamTemplate(path, cast(map));
    }

    /** The function {@code logicalId}, with template parameters overridden by {@code parameters}. */
    public FunctionSpec function(String logicalId, Map<String, String> parameters) {
        Map<String, Object> resource = map(map(root.get("Resources")).get(logicalId));
        if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
            throw new IllegalArgumentException("no AWS::Serverless::Function " + logicalId + " in " + path
                    + "; functions: " + functionIds());
        }
        Map<String, Object> properties = map(resource.get("Properties"));
        Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
        Map<String, String> resolvedParameters = parameters(parameters);

        Map<String, String> environment = new LinkedHashMap<>();
        for (Map<String, Object> source : List.of(globals, properties)) {
            map(map(source.get("Environment")).get("Variables")).forEach((name, value) -> {
                String resolved = resolve(value, resolvedParameters);
                if (resolved == null) {
                    environment.remove(name);
                } else {
                    environment.put(name, resolved);
                }
            });
        }
        Object codeUri = property(properties, globals, "CodeUri");
        Object handler = property(properties, globals, "Handler");
        if (codeUri == null || handler == null) {
            throw new IllegalArgumentException(logicalId + " has no CodeUri or Handler in " + path);
        }
        Object timeout = property(properties, globals, "Timeout");
        Object memory = property(properties, globals, "MemorySize");
        return new FunctionSpec(logicalId, path.toAbsolutePath().getParent().resolve(String.valueOf(codeUri)).normalize(),
                String.valueOf(handler), String.valueOf(property(properties, globals, "Runtime")),
                timeout == null ? 3 : Integer.parseInt(String.valueOf(timeout)),
                memory == null ? 128 : Integer.parseInt(String.valueOf(memory)),
                environment);
    }

    public List<String> functionIds() {
        return map(root.get("Resources")).entrySet().stream()
                .filter(e -> "AWS::Serverless::Function".equals(map(e.getValue()).get("Type")))
                .map(Map.Entry::getKey).toList();
    }

    private Map<String, String> parameters(Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        map(root.get("Parameters")).forEach((name, definition) -> {
            Object fallback = map(definition).get("Default");
            if (fallback != null) {
                values.put(name, String.valueOf(fallback));
            }
        });
        values.putAll(overrides);
        values.put("AWS::Region", overrides.getOrDefault("AWS::Region", "us-east-1"));
        values.put("AWS::AccountId", "123456789012");
        values.put("AWS::Partition", "aws");
        values.put("AWS::URLSuffix", "amazonaws.com");
        values.put("AWS::StackName", overrides.getOrDefault("AWS::StackName", "local"));
        return values;
    }

    /** A plain value, or an intrinsic over parameters; null when it needs a deployed resource. */
    private static String resolve(Object value, Map<String, String> parameters) {
        if (value == null || value instanceof Map<?, ?> m && m.isEmpty()) {
            return null;
        }
        if (!(value instanceof Map<?, ?> intrinsic)) {
            return String.valueOf(value);
        }
        if (intrinsic.containsKey("Ref")) {
            return parameters.get(String.valueOf(intrinsic.get("Ref")));
        }
        if (intrinsic.get("Fn::Sub") instanceof String text) {
            Matcher matcher = SUB_VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String replacement = parameters.get(matcher.group(1));
                if (replacement == null) {
                    return null;
                }
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(out);
            return out.toString();
        }
        return null;
    }

    private static Object property(Map<String, Object> properties, Map<String, Object> globals, String name) {
        Object own = properties.get(name);
        return own != null ? own : globals.get(name);
    }

    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? cast(m) : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** Turns short-form intrinsics ({@code !Ref x}) into their long form ({@code {Ref: x}}) while parsing. */
    private static final class IntrinsicsConstructor extends StandardConstructor {
        IntrinsicsConstructor(LoadSettings settings) {
            super(settings);
            tagConstructors.put(new Tag("!Ref"), node -> Map.of("Ref", plain(node)));
            tagConstructors.put(new Tag("!Condition"), node -> Map.of("Condition", plain(node)));
            tagConstructors.put(new Tag("!GetAtt"), node -> Map.of("Fn::GetAtt", plain(node)));
            for (String function : FUNCTIONS) {
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
            return constructMapping((MappingNode) node);
        }
    }
}
