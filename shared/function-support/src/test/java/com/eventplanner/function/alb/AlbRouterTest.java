package com.eventplanner.function.alb;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerResponseEvent;
import com.eventplanner.security.InvalidTokenException;
import com.eventplanner.security.InvalidTokenException.Reason;
import com.eventplanner.web.Problem;
import com.eventplanner.web.ProblemJson;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class AlbRouterTest {

    record Address(@NotBlank String city) {
    }

    record Order(@NotBlank String name, @Min(1) int quantity, @NotNull @Valid Address address) {
    }

    private static final jakarta.validation.ValidatorFactory VALIDATION = Validators.factory();
    private final JsonBodies bodies = new JsonBodies(JsonMapper.builder().build(), VALIDATION.getValidator());

    private final AlbRouter router = AlbRouter.builder(bodies, null)
            .get("/api/orders/{id}", r -> AlbResponse.ok(Map.of("id", r.pathVariable("id"))))
            .get("/api/orders/mine", r -> AlbResponse.ok(Map.of("mine", true)))
            .get("/api/orders/refused", r -> {
                throw new InvalidTokenException(Reason.EXPIRED, "exp in the past");
            })
            .get("/api/orders/unverifiable", r -> {
                throw new InvalidTokenException(Reason.VERIFICATION_UNAVAILABLE, "JWKS unavailable");
            })
            .get("/api/orders", r -> AlbResponse.ok(Map.of("q", r.query("q").orElse(""))))
            .post("/api/orders", r -> {
                Order order = r.body(Order.class);
                return AlbResponse.created("/api/orders/1", order);
            })
            .build();

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    @Test
    void routesByTemplateAndPrefersLiteralSegments() {
        assertThat(call("GET", "/api/orders/42", null).getBody()).isEqualTo("{\"id\":\"42\"}");
        assertThat(call("GET", "/api/orders/mine", null).getBody()).isEqualTo("{\"mine\":true}");
    }

    @Test
    void decodesQueryParametersTheAlbPassesEncoded() {
        ApplicationLoadBalancerRequestEvent event = event("GET", "/api/orders", null);
        event.setQueryStringParameters(Map.of("q", "rock%20%26%20roll"));
        assertThat(router.handle(event).getBody()).isEqualTo("{\"q\":\"rock & roll\"}");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405WithAllow() {
        ApplicationLoadBalancerResponseEvent missing = call("GET", "/api/nothing", null);
        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(missing.getHeaders()).containsEntry("Content-Type", Problem.MEDIA_TYPE);

        ApplicationLoadBalancerResponseEvent wrong = call("DELETE", "/api/orders", null);
        assertThat(wrong.getStatusCode()).isEqualTo(405);
        assertThat(wrong.getHeaders()).containsEntry("Allow", "GET, POST");
    }

    @Test
    void aRefusedTokenIs401AndAnUnverifiableOne503() {
        ApplicationLoadBalancerResponseEvent refused = call("GET", "/api/orders/refused", null);
        assertThat(refused.getStatusCode()).isEqualTo(401);
        assertThat(refused.getBody()).doesNotContain("exp in the past");

        ApplicationLoadBalancerResponseEvent unverifiable = call("GET", "/api/orders/unverifiable", null);
        assertThat(unverifiable.getStatusCode()).isEqualTo(503);
        assertThat(ProblemJson.read(unverifiable.getBody()).type().toString()).endsWith("/authentication-unavailable");
    }

    @Test
    void invalidBodyIsAProblemNamingEveryField() {
        ApplicationLoadBalancerResponseEvent response =
                call("POST", "/api/orders", "{\"name\":\" \",\"quantity\":0,\"address\":{\"city\":\"\"}}");
        assertThat(response.getStatusCode()).isEqualTo(400);
        Problem problem = ProblemJson.read(response.getBody());
        assertThat(problem.errors()).extracting(Problem.FieldError::field)
                .containsExactly("address.city", "name", "quantity");
        assertThat(problem.instance()).isEqualTo("/api/orders");
        assertThat(problem.correlationId()).isEqualTo("test-correlation-1");
    }

    @Test
    void wrongTypeAndUnknownFieldsAreNamed() {
        Problem wrongType = ProblemJson.read(call("POST", "/api/orders",
                "{\"name\":\"a\",\"quantity\":\"many\",\"address\":{\"city\":\"x\"}}").getBody());
        assertThat(wrongType.errors()).extracting(Problem.FieldError::field).containsExactly("quantity");

        Problem unknown = ProblemJson.read(call("POST", "/api/orders",
                "{\"name\":\"a\",\"quantity\":1,\"address\":{\"city\":\"x\"},\"admin\":true}").getBody());
        assertThat(unknown.errors()).extracting(Problem.FieldError::field).containsExactly("admin");

        Problem malformed = ProblemJson.read(call("POST", "/api/orders", "{\"name\":").getBody());
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.type().toString()).endsWith("/malformed-body");
    }

    @Test
    void base64BodiesAreDecoded() {
        String json = "{\"name\":\"a\",\"quantity\":2,\"address\":{\"city\":\"Zürich\"}}";
        ApplicationLoadBalancerRequestEvent event = event("POST", "/api/orders",
                Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);
        ApplicationLoadBalancerResponseEvent response = router.handle(event);
        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(response.getBody()).contains("Zürich");
        assertThat(response.getHeaders()).containsEntry("Location", "/api/orders/1")
                .containsEntry("X-Correlation-Id", "test-correlation-1");
    }

    @Test
    void multiValueRequestsGetMultiValueResponses() {
        ApplicationLoadBalancerRequestEvent event = event("GET", "/api/orders/7", null);
        event.setHeaders(null);
        event.setMultiValueHeaders(Map.of("x-amzn-trace-id", List.of("Root=1-abc-def")));
        ApplicationLoadBalancerResponseEvent response = router.handle(event);
        assertThat(response.getHeaders()).isNull();
        assertThat(response.getMultiValueHeaders()).containsEntry("X-Correlation-Id", List.of("1-abc-def"));
    }

    private ApplicationLoadBalancerResponseEvent call(String method, String path, String body) {
        return router.handle(event(method, path, body));
    }

    private static ApplicationLoadBalancerRequestEvent event(String method, String path, String body) {
        ApplicationLoadBalancerRequestEvent event = new ApplicationLoadBalancerRequestEvent();
        event.setHttpMethod(method);
        event.setPath(path);
        event.setHeaders(Map.of("x-correlation-id", "test-correlation-1"));
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return event;
    }
}
