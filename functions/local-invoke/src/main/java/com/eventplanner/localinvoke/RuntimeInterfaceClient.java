package com.eventplanner.localinvoke;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that runs a handler the way the Lambda Java runtime does: the real runtime interface client as main
 * class, the jars the runtime puts next to the function's code, a heap sized from the function's memory. The
 * instance then polls the Runtime API named by {@code AWS_LAMBDA_RUNTIME_API} (see {@link RuntimeApi}).
 */
public final class RuntimeInterfaceClient {

    private static final String MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String NATIVE_LIBRARY_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static Path nativeLibrary;

    private RuntimeInterfaceClient() {
    }

    public static List<String> command(Path code, String handler, int memoryMb) {
        return command(List.of(code), handler, memoryMb);
    }

    /** The same with the function's code spread over several jars, in class path order. */
    public static List<String> command(List<Path> code, String handler, int memoryMb) {
        List<String> entries = new ArrayList<>();
        for (String type : List.of(MAIN, Context.class.getName(),
                "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers",
                "software.amazon.awssdk.utilslite.SdkInternalThreadLocal")) {
            entries.add(location(type));
        }
        code.forEach(path -> entries.add(path.toString()));
        List<String> command = new ArrayList<>(java(memoryMb));
        command.addAll(List.of("-D" + NATIVE_LIBRARY_PROPERTY + "=" + nativeLibrary(), "-cp",
                String.join(File.pathSeparator, entries), MAIN, handler));
        return command;
    }

    /**
     * The client's native library, unpacked once per launching JVM into a file of its own: left to itself, every
     * client unpacks it to the same /tmp path, and clients starting side by side overwrite it under each other.
     */
    private static synchronized Path nativeLibrary() {
        if (nativeLibrary == null) {
            String name = "/jni/libaws-lambda-jni.linux-"
                    + ("aarch64".equals(System.getProperty("os.arch")) ? "aarch_64" : "x86_64") + ".so";
            try (InputStream library = Class.forName(MAIN, false, RuntimeInterfaceClient.class.getClassLoader())
                    .getResourceAsStream(name)) {
                if (library == null) {
                    throw new IllegalStateException("no " + name + " in the runtime interface client");
                }
                Path file = Files.createTempFile("aws-lambda-jni-", ".so");
                file.toFile().deleteOnExit();
                Files.copy(library, file, StandardCopyOption.REPLACE_EXISTING);
                nativeLibrary = file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unpack the runtime interface client's native library", e);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("no runtime interface client on the classpath", e);
            }
        }
        return nativeLibrary;
    }

    /**
     * The java executable with the options the Lambda Java runtime starts a function with: a heap sized from its
     * memory, the serial collector, class data sharing.
     */
    static List<String> java(int memoryMb) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + Math.max(64, memoryMb * 85 / 100) + "m", "-XX:+UseSerialGC", "-Xshare:auto");
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
