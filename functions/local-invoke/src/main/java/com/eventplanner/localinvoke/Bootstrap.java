package com.eventplanner.localinvoke;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Runs inside the function's JVM, as the Lambda Java runtime would: instantiates the handler class (the init
 * phase), then calls its stream-handler method once with the event and the context. The response goes to a file so
 * that it stays apart from the function's logs; the REPORT line goes to stderr.
 * <p>
 * Arguments: {@code <Class::method> <event file> <response file>}.
 */
public final class Bootstrap {

    private Bootstrap() {
    }

    public static void main(String[] args) throws Exception {
        String[] handler = args[0].split("::", 2);
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        Path responseFile = Path.of(args[2]);

        long initStart = System.nanoTime();
        Class<?> type = Class.forName(handler[0]);
        Object instance;
        try {
            instance = type.getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            // as Lambda reports a failed init: the error as the response, the stack trace in the log
            e.getCause().printStackTrace(System.err);
            Files.writeString(responseFile, error(e.getCause()));
            System.exit(1);
            return;
        }
        long initMs = (System.nanoTime() - initStart) / 1_000_000;
        Method method = type.getMethod(handler.length > 1 ? handler[1] : "handleRequest",
                InputStream.class, OutputStream.class, Context.class);

        String requestId = UUID.randomUUID().toString();
        int timeoutMs = Integer.parseInt(env("AWS_LAMBDA_FUNCTION_TIMEOUT", "3")) * 1000;
        long invokeStart = System.nanoTime();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        boolean failed = false;
        try (InputStream input = new ByteArrayInputStream(event)) {
            method.invoke(instance, input, response, new LocalContext(requestId, invokeStart, timeoutMs));
        } catch (InvocationTargetException e) {
            failed = true;
            Throwable cause = e.getCause();
            response.reset();
            response.writeBytes(error(cause).getBytes(StandardCharsets.UTF_8));
            cause.printStackTrace(System.err);
        }
        long durationMs = (System.nanoTime() - invokeStart) / 1_000_000;
        Files.write(responseFile, response.toByteArray());
        System.err.printf("REPORT RequestId: %s\tInit Duration: %d ms\tDuration: %d ms\tTimeout: %d ms%s%n",
                requestId, initMs, durationMs, timeoutMs, durationMs > timeoutMs ? "\tTIMED OUT (Lambda would stop it)" : "");
        System.exit(failed ? 1 : 0);
    }

    private static String error(Throwable cause) {
        return "{\"errorMessage\":" + quote(String.valueOf(cause.getMessage())) + ",\"errorType\":"
                + quote(cause.getClass().getName()) + "}";
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private record LocalContext(String requestId, long startNanos, int timeoutMs) implements Context {

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + getFunctionName();
        }

        @Override
        public String getLogStreamName() {
            return "local-invoke";
        }

        @Override
        public String getFunctionName() {
            return env("AWS_LAMBDA_FUNCTION_NAME", "local");
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:" + env("AWS_REGION", "us-east-1") + ":123456789012:function:" + getFunctionName();
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, timeoutMs - (System.nanoTime() - startNanos) / 1_000_000);
        }

        @Override
        public int getMemoryLimitInMB() {
            return Integer.parseInt(env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"));
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.print(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
