package com.eventplanner.localinvoke;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API of one function instance (next invocation, response, error, init error), so that the real
 * runtime interface client runs a function here as it does in Lambda: {@link #invoke} queues an event, the client's
 * long poll on {@code /invocation/next} takes it, and its response or error completes the returned future. Raw
 * HTTP/1.1 on a socket: the client's native code looks headers up by their lower-case names, which the JDK's
 * HttpServer would capitalise.
 */
public final class RuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";

    /** What the function answered: its response, or an error document ({@code errorMessage}, {@code errorType}). */
    public record Outcome(boolean error, String body, long receivedAtNanos) {
    }

    private record Invocation(String requestId, String event, Duration timeout, CompletableFuture<Outcome> outcome) {
    }

    private final ServerSocket server;
    private final String functionArn;
    private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> running = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public RuntimeApi(String functionName) throws IOException {
        this.functionArn = "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "runtime-api-" + functionName);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API} for the instance. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /**
     * Hands {@code event} to the instance's next poll; the future completes with its answer. The deadline the
     * function sees starts when it takes the event, after its init, as in Lambda.
     */
    public CompletableFuture<Outcome> invoke(String event, Duration timeout) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event, timeout, new CompletableFuture<>());
        queued.add(invocation);
        return invocation.outcome();
    }

    /** Fails what is queued or running, as when the instance has died. */
    public void abandon(String reason) {
        Outcome failure = new Outcome(true, "{\"errorMessage\":\"" + reason + "\",\"errorType\":\"Runtime.Exited\"}",
                System.nanoTime());
        for (Invocation invocation = queued.poll(); invocation != null; invocation = queued.poll()) {
            invocation.outcome().complete(failure);
        }
        running.values().forEach(invocation -> invocation.outcome().complete(failure));
        running.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "runtime-api-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closedSocket) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
             OutputStream out = socket.getOutputStream()) {
            while (!closed) {
                String requestLine = line(in);
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                String body = body(in);
                long now = System.nanoTime();
                String path = requestLine.split(" ")[1];
                if (path.equals(PREFIX + "invocation/next")) {
                    Invocation next = next();
                    if (next == null) {
                        return;
                    }
                    running.put(next.requestId(), next);
                    byte[] payload = next.event().getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\n"
                            + "content-type: application/json\r\n"
                            + "content-length: " + payload.length + "\r\n"
                            + "lambda-runtime-aws-request-id: " + next.requestId() + "\r\n"
                            + "lambda-runtime-deadline-ms: " + (System.currentTimeMillis() + next.timeout().toMillis())
                            + "\r\n"
                            + "lambda-runtime-invoked-function-arn: " + functionArn + "\r\n"
                            + "lambda-runtime-trace-id: Root=1-00000000-000000000000000000000000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(payload);
                } else {
                    out.write("HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    complete(path, body, now);
                }
                out.flush();
            }
        } catch (IOException e) {
            // the instance went away mid-request; its invocation is failed by abandon()
        }
    }

    private Invocation next() {
        try {
            Invocation next = null;
            while (next == null && !closed) {
                next = queued.poll(1, TimeUnit.SECONDS);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void complete(String path, String body, long now) {
        if (path.equals(PREFIX + "init/error")) {
            abandon("init failed: " + body.replace("\"", "'"));
            return;
        }
        String[] parts = path.substring(PREFIX.length()).split("/");
        Invocation invocation = parts.length == 3 ? running.remove(parts[1]) : null;
        if (invocation != null) {
            invocation.outcome().complete(new Outcome(!"response".equals(parts[2]), body, now));
        }
    }

    /** Reads the headers and the body, by content length or chunked. */
    private static String body(InputStream in) throws IOException {
        int length = 0;
        boolean chunked = false;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (!chunked) {
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
             size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
            body.writeBytes(in.readNBytes(size));
            line(in);
        }
        String trailer;
        do {
            trailer = line(in);
        } while (trailer != null && !trailer.isEmpty());
        return body.toString(StandardCharsets.UTF_8);
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
        closed = true;
        abandon("the runtime API closed");
        server.close();
    }
}
