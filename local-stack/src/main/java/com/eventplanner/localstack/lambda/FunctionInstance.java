package com.eventplanner.localstack.lambda;

import com.eventplanner.localinvoke.FunctionSpec;
import com.eventplanner.localinvoke.RuntimeApi;
import com.eventplanner.localinvoke.RuntimeInterfaceClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution environment of a template function: its own JVM running the function jar through the real Lambda
 * runtime interface client against a local Runtime API. Started by the first invocation (a cold start, without
 * SnapStart), kept warm afterwards, one invocation at a time. An invocation past the function's timeout ends the
 * environment, as Lambda does, and the next invocation starts a fresh one.
 */
final class FunctionInstance implements AutoCloseable {

    /** Init time allowed on top of the timeout: a Spring cold start on two busy cores takes seconds, not the 10 s Lambda gives. */
    static final Duration INIT_ALLOWANCE = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(FunctionInstance.class);
    private static final List<String> PASSED_THROUGH = List.of("PATH", "LANG", "TMPDIR");

    private final FunctionSpec function;
    private final Map<String, String> environment;
    private final Path logFile;
    private RuntimeApi api;
    private Process process;

    FunctionInstance(FunctionSpec function, Map<String, String> environment, Path logFile) {
        this.function = function;
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
    }

    Path logFile() {
        return logFile;
    }

    synchronized RuntimeApi.Outcome invoke(String event) {
        boolean cold = process == null || !process.isAlive();
        if (cold) {
            start();
        }
        Duration timeout = Duration.ofSeconds(function.timeoutSeconds());
        try {
            return api.invoke(event, timeout).get(timeout.plus(cold ? INIT_ALLOWANCE : Duration.ZERO).toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("{} timed out after {} s; its environment is stopped", function.logicalId(), timeout.toSeconds());
            stop();
            return new RuntimeApi.Outcome(true, "{\"errorMessage\":\"Task timed out after " + timeout.toSeconds()
                    + " seconds\",\"errorType\":\"Sandbox.Timedout\"}", System.nanoTime());
        } catch (ExecutionException e) {
            throw new IllegalStateException(function.logicalId() + " could not be invoked", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(function.logicalId() + ": interrupted", e);
        }
    }

    private void start() {
        stop();
        try {
            api = new RuntimeApi(function.logicalId());
            ProcessBuilder builder = new ProcessBuilder(RuntimeInterfaceClient.command(function.codeUri(),
                    function.handler(), function.memoryMb()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().keySet().retainAll(PASSED_THROUGH);
            builder.environment().putAll(function.runtimeEnvironment());
            builder.environment().putAll(environment);
            builder.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
            process = builder.start();
            RuntimeApi started = api;
            process.onExit().thenRun(() -> started.abandon(function.logicalId() + " exited"));
            log.info("{}: cold start (log: {})", function.logicalId(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + function.logicalId(), e);
        }
    }

    private void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        if (api != null) {
            try {
                api.close();
            } catch (IOException e) {
                log.debug("closing the runtime API of {}: {}", function.logicalId(), e.toString());
            }
            api = null;
        }
    }

    @Override
    public synchronized void close() {
        stop();
    }
}
