package com.eventplanner.localinvoke;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One function of the template as {@code sam local invoke} sees it. {@code deployedValues} holds the variables the
 * template takes from deployed resources (left unset, as SAM CLI does), with their {@code Fn::Sub} text.
 */
public record FunctionSpec(String logicalId, Path codeUri, String handler, String runtime, int timeoutSeconds,
                    int memoryMb, Map<String, String> environment, Map<String, String> deployedValues) {

    private static final Pattern DATABASE = Pattern.compile("^jdbc:postgresql://[^/]+/([A-Za-z0-9_]+)");

    public FunctionSpec {
        environment = Map.copyOf(environment);
        deployedValues = Map.copyOf(deployedValues);
    }

    /** What the Lambda runtime sets for the function's process (and its timeout, which local runners enforce). */
    public Map<String, String> runtimeEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_LAMBDA_FUNCTION_NAME", logicalId);
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(memoryMb));
        environment.put("AWS_LAMBDA_FUNCTION_TIMEOUT", String.valueOf(timeoutSeconds));
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + logicalId);
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + runtime.toLowerCase(Locale.ROOT));
        environment.put("_HANDLER", handler);
        environment.put("TZ", ":UTC");
        return environment;
    }

    /** Its fixtures' folder under {@code events/}: the logical id without "Function", in kebab case. */
    public String fixtureFolder() {
        String base = logicalId.endsWith("Function") ? logicalId.substring(0, logicalId.length() - 8) : logicalId;
        return base.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The PostgreSQL database its {@code SPRING_DATASOURCE_URL} names in the template, if any. */
    public Optional<String> database() {
        String url = environment.getOrDefault("SPRING_DATASOURCE_URL", deployedValues.get("SPRING_DATASOURCE_URL"));
        if (url == null) {
            return Optional.empty();
        }
        Matcher matcher = DATABASE.matcher(url);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
