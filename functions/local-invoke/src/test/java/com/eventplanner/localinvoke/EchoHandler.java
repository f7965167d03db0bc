package com.eventplanner.localinvoke;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A handler that answers with its event, prefixed by its function name. */
public class EchoHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(("{\"function\":\"" + context.getFunctionName() + "\",\"event\":").getBytes());
        input.transferTo(output);
        output.write('}');
    }
}
