package com.eventplanner.localinvoke;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that runs a handler the way the Lambda Java runtime does: the real runtime interface client as main
 * class, the jars the runtime puts next to the function's code, a heap sized from the function's memory. The
 * instance then polls the Runtime API named by {@code AWS_LAMBDA_RUNTIME_API} (see {@link RuntimeApi}).
 */
public final class RuntimeInterfaceClient {

    private static final String MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private RuntimeInterfaceClient() {
    }

    public static List<String> command(Path code, String handler, int memoryMb) {
        List<String> entries = new ArrayList<>();
        for (String type : List.of(MAIN, Context.class.getName(),
                "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers",
                "software.amazon.awssdk.utilslite.SdkInternalThreadLocal")) {
            entries.add(location(type));
        }
        entries.add(code.toString());
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + Math.max(64, memoryMb * 85 / 100) + "m", "-cp", String.join(File.pathSeparator, entries),
                MAIN, handler);
    }

    private static String location(String type) {
        try {
            Class<?> loaded = Class.forName(type, false, RuntimeInterfaceClient.class.getClassLoader());
            return Path.of(loaded.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + type + " (the Lambda runtime's jars)", e);
        }
    }
}
