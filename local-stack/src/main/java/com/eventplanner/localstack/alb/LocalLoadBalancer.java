package com.eventplanner.localstack.alb;

import com.eventplanner.localinvoke.LoadBalancerSpec;
import com.eventplanner.localinvoke.RuntimeApi;
import com.eventplanner.localstack.lambda.LocalFunctions;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The template's Application Load Balancer on one local port, plain HTTP: the listener's path rules in priority
 * order, forwarding to a Fargate service's local port (as to an IP target group) or to a function (as to a Lambda
 * target group, with the ALB request and response events); no rule matched, the listener's fixed response. A
 * function error answers 502 and an unreachable service 503, as an ALB does.
 */
public final class LocalLoadBalancer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalLoadBalancer.class);
    /** Hop-by-hop headers, and those the JDK client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host",
            "keep-alive", "transfer-encoding", "upgrade", "te", "trailer", "proxy-connection");

    private final HttpServer server;
    private final ExecutorService executor;
    private final LoadBalancerSpec spec;
    private final Map<Integer, Integer> localPorts;
    private final LocalFunctions functions;
    private final AlbEvents events;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private LocalLoadBalancer(HttpServer server, ExecutorService executor, LoadBalancerSpec spec,
            Map<Integer, Integer> localPorts, LocalFunctions functions) {
        this.server = server;
        this.executor = executor;
        this.spec = spec;
        this.localPorts = Map.copyOf(localPorts);
        this.functions = functions;
        this.events = new AlbEvents(server.getAddress().getPort());
    }

    /**
     * @param localPorts the local port of each target group port of the template (8081 -> where auth-service runs)
     */
    public static LocalLoadBalancer start(int port, LoadBalancerSpec spec, Map<Integer, Integer> localPorts,
            LocalFunctions functions) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
            ExecutorService executor = Executors.newFixedThreadPool(32, r -> {
                Thread thread = new Thread(r, "local-alb");
                thread.setDaemon(true);
                return thread;
            });
            LocalLoadBalancer alb = new LocalLoadBalancer(server, executor, spec, localPorts, functions);
            server.createContext("/", alb::handle);
            server.setExecutor(executor);
            server.start();
            return alb;
        } catch (IOException e) {
            throw new UncheckedIOException("the local load balancer could not listen on port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** One line per rule, for the stack's summary. */
    public List<String> describe() {
        return spec.rules().stream().map(rule -> String.format(Locale.ROOT, "%-32s -> %s",
                String.join(" ", rule.pathPatterns()), rule.function() != null ? rule.function() + " (Lambda target)"
                        : "127.0.0.1:" + localPorts.getOrDefault(rule.port(), rule.port()))).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            LoadBalancerSpec.Rule rule = spec.rules().stream().filter(r -> r.matches(path)).findFirst().orElse(null);
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (rule == null) {
                LoadBalancerSpec.FixedResponse fixed = spec.defaultResponse();
                send(exchange, fixed.status(), Map.of("content-type", List.of(fixed.contentType())),
                        fixed.body().getBytes(StandardCharsets.UTF_8));
            } else if (rule.function() != null) {
                invoke(exchange, rule.function(), body);
            } else {
                forward(exchange, localPorts.getOrDefault(rule.port(), rule.port()), body);
            }
        } catch (RuntimeException e) {
            log.warn("{} {} failed in the load balancer", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        }
    }

    private void invoke(HttpExchange exchange, String function, byte[] body) throws IOException {
        if (!functions.contains(function)) {
            send(exchange, 503, problem(503, function + " is not built"));
            return;
        }
        RuntimeApi.Outcome outcome = functions.invoke(function, events.request(exchange, function, body));
        if (outcome.error()) {
            log.warn("{} answered {} {} with an error: {}", function, exchange.getRequestMethod(),
                    exchange.getRequestURI(), outcome.body());
            send(exchange, 502, problem(502, "Bad Gateway"));
            return;
        }
        AlbEvents.Response response = events.response(outcome.body());
        send(exchange, response.status(), response.headers(), response.body());
    }

    private void forward(HttpExchange exchange, int port, byte[] body) throws IOException {
        URI target = URI.create("http://127.0.0.1:" + port + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        events.forwardedHeaders(exchange).forEach(request::setHeader);
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            send(exchange, 503, problem(503, "Service Unavailable"));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 504, problem(504, "Gateway Timeout"));
            return;
        }
        byte[] answer;
        try (InputStream in = response.body()) {
            answer = in.readAllBytes();
        }
        send(exchange, response.statusCode(), response.headers().map(), answer);
    }

    private static byte[] problem(int status, String title) {
        return ("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        send(exchange, status, Map.of("content-type", List.of("application/problem+json")), body);
    }

    private static void send(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body)
            throws IOException {
        headers.forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        boolean empty = body.length == 0 || "HEAD".equals(exchange.getRequestMethod()) || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
