package com.eventplanner.testsupport;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Pushes raw event JSON through a stream handler (Spring's FunctionInvoker) as the Lambda runtime does. */
public final class LambdaInvocations {

    private LambdaInvocations() {
    }

    public static String invoke(RequestStreamHandler handler, String functionName, String event) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output,
                    new TestLambdaContext(functionName, UUID.randomUUID().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return output.toString(StandardCharsets.UTF_8);
    }
}
