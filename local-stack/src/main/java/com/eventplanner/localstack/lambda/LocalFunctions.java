package com.eventplanner.localstack.lambda;

import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.localinvoke.FunctionSpec;
import com.eventplanner.localinvoke.RuntimeApi;
import com.eventplanner.localinvoke.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every function of template.yaml whose jar is built, each with its own execution environment (see
 * {@link FunctionInstance}), its environment from the template pointed at the local infrastructure.
 */
public final class LocalFunctions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalFunctions.class);

    private final Map<String, FunctionInstance> instances;

    private LocalFunctions(Map<String, FunctionInstance> instances) {
        this.instances = instances;
    }

    public static LocalFunctions of(SamTemplate template, LocalInfrastructure infra, TokenIssuer tokens, Path logs,
                                    LocalEndpoints endpoints) {
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, FunctionInstance> instances = new LinkedHashMap<>();
        for (String logicalId : template.functionIds()) {
            FunctionSpec function = template.function(logicalId, Map.of());
            if (!Files.isRegularFile(function.codeUri())) {
                log.warn("{} is not built ({}); build it with ./mvnw -DskipTests package", logicalId,
                        function.codeUri());
                continue;
            }
            instances.put(logicalId, new FunctionInstance(function,
                    FunctionEnvironment.of(function, infra, tokens, endpoints), logs.resolve(logicalId + ".log")));
        }
        return new LocalFunctions(instances);
    }

    public Set<String> names() {
        return instances.keySet();
    }

    public boolean contains(String logicalId) {
        return instances.containsKey(logicalId);
    }

    public Path logFile(String logicalId) {
        return instance(logicalId).logFile();
    }

    /** Invokes synchronously (RequestResponse), waiting while the environment is busy with another invocation. */
    public RuntimeApi.Outcome invoke(String logicalId, String event) {
        return instance(logicalId).invoke(event);
    }

    private FunctionInstance instance(String logicalId) {
        FunctionInstance instance = instances.get(logicalId);
        if (instance == null) {
            throw new IllegalArgumentException(logicalId + " is not a built function of the template: " + names());
        }
        return instance;
    }

    @Override
    public void close() {
        instances.values().parallelStream().forEach(FunctionInstance::close);
    }
}
