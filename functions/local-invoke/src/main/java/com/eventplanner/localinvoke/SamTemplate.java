package com.eventplanner.localinvoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
        Map<String, String> deployedValues = new LinkedHashMap<>();
        for (Map<String, Object> source : List.of(globals, properties)) {
            map(map(source.get("Environment")).get("Variables")).forEach((name, value) -> {
                String resolved = resolve(value, resolvedParameters);
                if (resolved == null) {
                    environment.remove(name);
                    if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Fn::Sub") instanceof String text) {
                        deployedValues.put(name, text);
                    }
                } else {
                    environment.put(name, resolved);
                    deployedValues.remove(name);
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
                environment, deployedValues);
    }

    /** The function's SQS and Schedule events, queues by physical name. */
    public List<EventSource> events(String logicalId) {
        Map<String, String> parameters = parameters(Map.of());
        List<EventSource> sources = new ArrayList<>();
        for (Object value : map(map(map(map(root.get("Resources")).get(logicalId)).get("Properties")).get("Events"))
                .values()) {
            Map<String, Object> event = map(value);
            Map<String, Object> properties = map(event.get("Properties"));
            switch (String.valueOf(event.get("Type"))) {
                case "SQS" -> sources.add(new EventSource.Sqs(queueName(properties.get("Queue"), parameters),
                        properties.get("BatchSize") == null ? 10 : Integer.parseInt(String.valueOf(properties.get("BatchSize"))),
                        properties.get("FunctionResponseTypes") instanceof List<?> types
                                && types.contains("ReportBatchItemFailures")));
                case "Schedule" -> {
                    if (!"false".equalsIgnoreCase(String.valueOf(properties.get("Enabled")))) {
                        sources.add(new EventSource.Schedule(String.valueOf(properties.get("Schedule"))));
                    }
                }
                default -> {
                    // other event types (API, S3, ...) have nothing local to drive them
                }
            }
        }
        return sources;
    }

    /**
     * The rules of the listener that has path rules (the HTTPS one), each forwarding to a Lambda target group's
     * function or an IP target group's port, and that listener's fixed default response.
     */
    public LoadBalancerSpec loadBalancer() {
        Map<String, Object> resources = map(root.get("Resources"));
        Map<String, List<LoadBalancerSpec.Rule>> rulesByListener = new LinkedHashMap<>();
        resources.forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            if (!"AWS::ElasticLoadBalancingV2::ListenerRule".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> properties = map(resource.get("Properties"));
            List<String> patterns = new ArrayList<>();
            for (Object condition : list(properties.get("Conditions"))) {
                Map<String, Object> c = map(condition);
                if ("path-pattern".equals(c.get("Field"))) {
                    Object values = map(c.get("PathPatternConfig")).getOrDefault("Values", c.get("Values"));
                    list(values).forEach(v -> patterns.add(String.valueOf(v)));
                }
            }
            for (Object action : list(properties.get("Actions"))) {
                Map<String, Object> a = map(action);
                Object targetGroupId = map(a.get("TargetGroupArn")).get("Ref");
                if (!"forward".equals(a.get("Type")) || targetGroupId == null || patterns.isEmpty()) {
                    continue;
                }
                Map<String, Object> group = map(map(resources.get(String.valueOf(targetGroupId))).get("Properties"));
                String function = null;
                int port = 0;
                if ("lambda".equals(group.get("TargetType"))) {
                    Object target = map(list(group.get("Targets")).get(0)).get("Id");
                    function = String.valueOf(target instanceof Map<?, ?> ref ? ref.get("Ref") : target).split("\\.")[0];
                } else {
                    port = Integer.parseInt(String.valueOf(group.get("Port")));
                }
                rulesByListener.computeIfAbsent(String.valueOf(map(properties.get("ListenerArn")).get("Ref")),
                        k -> new ArrayList<>()).add(new LoadBalancerSpec.Rule(
                                Integer.parseInt(String.valueOf(properties.get("Priority"))), patterns, function, port));
            }
        });
        Map.Entry<String, List<LoadBalancerSpec.Rule>> listener = rulesByListener.entrySet().stream()
                .max(Comparator.comparingInt(e -> e.getValue().size()))
                .orElseThrow(() -> new IllegalArgumentException("no listener rules in " + path));
        LoadBalancerSpec.FixedResponse fallback = new LoadBalancerSpec.FixedResponse(404, "text/plain", "Not Found");
        for (Object action : list(map(map(resources.get(listener.getKey())).get("Properties")).get("DefaultActions"))) {
            Map<String, Object> fixed = map(map(action).get("FixedResponseConfig"));
            if ("fixed-response".equals(map(action).get("Type"))) {
                fallback = new LoadBalancerSpec.FixedResponse(Integer.parseInt(String.valueOf(fixed.get("StatusCode"))),
                        String.valueOf(fixed.getOrDefault("ContentType", "text/plain")),
                        String.valueOf(fixed.getOrDefault("MessageBody", "")));
            }
        }
        List<LoadBalancerSpec.Rule> rules = new ArrayList<>(listener.getValue());
        rules.sort(Comparator.comparingInt(LoadBalancerSpec.Rule::priority));
        return new LoadBalancerSpec(rules, fallback);
    }

    /** A queue referenced as {@code !GetAtt Queue.Arn}: its QueueName, or the name CloudFormation would give it. */
    private String queueName(Object reference, Map<String, String> parameters) {
        Object getAtt = map(reference).get("Fn::GetAtt");
        String queueId = getAtt instanceof List<?> parts ? String.valueOf(parts.get(0))
                : String.valueOf(getAtt).split("\\.")[0];
        Object name = map(map(map(root.get("Resources")).get(queueId)).get("Properties")).get("QueueName");
        String resolved = name == null ? null : resolve(name, parameters);
        return resolved != null ? resolved : parameters.get("AWS::StackName") + "-" + queueId;
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

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
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
