package com.eventplanner.localinvoke;

import java.nio.file.Path;
import java.util.Map;

/** One function of the template as {@code sam local invoke} sees it. */
public record FunctionSpec(String logicalId, Path codeUri, String handler, String runtime, int timeoutSeconds,
                    int memoryMb, Map<String, String> environment) {

    public FunctionSpec {
        environment = Map.copyOf(environment);
    }
}
