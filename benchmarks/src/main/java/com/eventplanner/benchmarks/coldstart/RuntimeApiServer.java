package com.eventplanner.benchmarks.coldstart;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API (next invocation, response, error) for one invocation, so the real runtime interface client
 * can run a function here as it does in Lambda. Records when the response arrives. Raw HTTP/1.1 on a socket: the
 * client's native code looks headers up by their lower-case names, which the JDK's HttpServer would capitalise.
 */
final class RuntimeApiServer implements AutoCloseable {

    record Outcome(long receivedAtNanos, boolean error, String body) {
    }

    private final ServerSocket server;
    private final String event;
    private final String functionName;
    private final String requestId = UUID.randomUUID().toString();
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private volatile boolean delivered;

    RuntimeApiServer(String event, String functionName) throws IOException {
        this.event = event;
        this.functionName = functionName;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "runtime-api");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    Outcome await(long seconds) throws Exception {
        return outcome.get(seconds, TimeUnit.SECONDS);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "runtime-api-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
             OutputStream out = socket.getOutputStream()) {
            while (true) {
                String requestLine = line(in);
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                int length = 0;
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring(15).trim());
                    }
                }
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                long now = System.nanoTime();
                String path = requestLine.split(" ")[1];
                if (path.endsWith("/invocation/next")) {
                    if (delivered) {
                        return; // one invocation per process: the next poll waits until the process is stopped
                    }
                    delivered = true;
                    byte[] payload = event.getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\n"
                            + "content-type: application/json\r\n"
                            + "content-length: " + payload.length + "\r\n"
                            + "lambda-runtime-aws-request-id: " + requestId + "\r\n"
                            + "lambda-runtime-deadline-ms: " + (System.currentTimeMillis() + 300_000) + "\r\n"
                            + "lambda-runtime-invoked-function-arn: arn:aws:lambda:us-east-1:000000000000:function:"
                            + functionName + "\r\n"
                            + "lambda-runtime-trace-id: Root=1-00000000-000000000000000000000000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(payload);
                } else {
                    out.write("HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    outcome.complete(new Outcome(now, !path.endsWith("/response"), path + " " + body));
                }
                out.flush();
            }
        } catch (IOException e) {
            outcome.completeExceptionally(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String text = bytes.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
