package com.eventplanner.localstack.alb;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The events an ALB exchanges with a Lambda target (multi-value headers off, the target group default): the request
 * with lower-case headers, query parameters as the client encoded them (an ALB does not decode them), the body as
 * text or base64, and the X-Forwarded-* headers the ALB adds; the response's status, headers and body.
 */
final class AlbEvents {

    /** A function's answer as an HTTP response. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;

    AlbEvents(int port) {
        this.port = port;
    }

    String request(HttpExchange exchange, String function, byte[] body) {
        ObjectNode event = JSON.createObjectNode();
        event.putObject("requestContext").putObject("elb").put("targetGroupArn",
                "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/" + function + "/local");
        event.put("httpMethod", exchange.getRequestMethod());
        event.put("path", exchange.getRequestURI().getRawPath());
        ObjectNode query = event.putObject("queryStringParameters");
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                String[] parts = pair.split("=", 2);
                query.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        ObjectNode headers = event.putObject("headers");
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), values.get(values.size() - 1)));
        forwardedHeaders(exchange).forEach(headers::put);
        headers.put("x-amzn-trace-id", String.format(Locale.ROOT, "Root=1-%08x-%024x",
                System.currentTimeMillis() / 1000, ThreadLocalRandom.current().nextLong(Long.MAX_VALUE)));
        boolean text = isText(exchange.getRequestHeaders().getFirst("content-type"));
        event.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
        event.put("isBase64Encoded", !text);
        return JSON.writeValueAsString(event);
    }

    Response response(String json) {
        JsonNode response = JSON.readTree(json);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.path("headers").properties().forEach(h -> headers.put(h.getKey(), List.of(h.getValue().asString())));
        response.path("multiValueHeaders").properties().forEach(h -> headers.put(h.getKey(),
                h.getValue().valueStream().map(JsonNode::asString).toList()));
        String body = response.path("body").asString("");
        return new Response(response.path("statusCode").asInt(502), headers,
                response.path("isBase64Encoded").asBoolean() ? Base64.getDecoder().decode(body)
                        : body.getBytes(StandardCharsets.UTF_8));
    }

    Map<String, String> forwardedHeaders(HttpExchange exchange) {
        return Map.of("x-forwarded-for", exchange.getRemoteAddress().getAddress().getHostAddress(),
                "x-forwarded-proto", "http",
                "x-forwarded-port", String.valueOf(port));
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.contains("x-www-form-urlencoded") || type.contains("javascript");
    }
}
