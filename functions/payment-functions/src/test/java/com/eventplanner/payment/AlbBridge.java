package com.eventplanner.payment;

import com.eventplanner.testsupport.LambdaInvocations;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import tools.jackson.databind.JsonNode;

/**
 * What the load balancer does for the local gateway's webhooks in these tests: an HTTP request becomes the ALB event
 * of the payments API's invoker, its response the HTTP answer (the local stack runs the real load balancer).
 */
final class AlbBridge implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger delivered = new AtomicInteger();

    AlbBridge(Supplier<FunctionInvoker> invoker) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String output = LambdaInvocations.invoke(invoker.get(), "payment-api", TestStack.albRequest(
                    exchange.getRequestMethod(), exchange.getRequestURI().getPath(), Map.of(), headers, body));
            JsonNode response = TestStack.JSON.readTree(output);
            byte[] answer = response.path("body").asString("").getBytes(StandardCharsets.UTF_8);
            int status = response.get("statusCode").asInt();
            if (status == 200) {
                delivered.incrementAndGet();
            }
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int delivered() {
        return delivered.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
