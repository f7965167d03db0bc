package com.eventplanner.web.testapp;

import com.eventplanner.web.CorrelationId;
import com.eventplanner.web.Problem;
import com.eventplanner.web.ProblemJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/** Every error shape over real HTTP against an embedded Tomcat, as a client sees it. */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ProblemDetailsHttpTest {

    private static final String VALID_ORDER = """
            {"name":"Ada","email":"ada@example.com","seats":2,"items":[{"sku":"GA","quantity":2}]}""";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void validRequestPassesAndGetsItsCorrelationIdBack() throws Exception {
        HttpResponse<String> response = send(post("/api/test/orders", VALID_ORDER)
                .header("Idempotency-Key", "k-1").header(CorrelationId.HEADER, "client-abc-123"));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue(CorrelationId.HEADER)).hasValue("client-abc-123");
    }

    @Test
    void beanValidationNamesEveryFieldAtFault() throws Exception {
        Problem problem = problem(send(post("/api/test/orders", """
                {"name":" ","email":"not-an-email","seats":0,"items":[{"sku":"","quantity":1}]}""")
                .header("Idempotency-Key", "k-2")), 400);

        assertThat(fields(problem)).containsExactlyInAnyOrder("name", "email", "seats", "items[0].sku");
        assertThat(problem.title()).isEqualTo("Bad Request");
    }

    @Test
    void unknownJsonFieldIsRejectedAndNamed() throws Exception {
        Problem problem = problem(send(post("/api/test/orders", """
                {"name":"Ada","email":"ada@example.com","seats":2,"items":[{"sku":"GA","quantity":2}],"isAdmin":true}""")
                .header("Idempotency-Key", "k-3")), 400);

        assertThat(problem.errors()).containsExactly(new Problem.FieldError("isAdmin", "unknown field"));
    }

    @Test
    void valueOfTheWrongTypeNamesTheFieldEvenWhenNested() throws Exception {
        Problem top = problem(send(post("/api/test/orders", VALID_ORDER.replace("\"seats\":2", "\"seats\":\"many\""))
                .header("Idempotency-Key", "k-4")), 400);
        Problem nested = problem(send(post("/api/test/orders", VALID_ORDER.replace("\"quantity\":2", "\"quantity\":\"x\""))
                .header("Idempotency-Key", "k-5")), 400);

        assertThat(fields(top)).containsExactly("seats");
        assertThat(fields(nested)).containsExactly("items[0].quantity");
    }

    @Test
    void malformedOrMissingJsonIs400WithoutInternals() throws Exception {
        Problem malformed = problem(send(post("/api/test/orders", "{\"name\": \"Ada\",")
                .header("Idempotency-Key", "k-6")), 400);
        Problem missing = problem(send(post("/api/test/orders", "").header("Idempotency-Key", "k-7")), 400);

        assertThat(malformed.detail()).isEqualTo("The request body is not well-formed JSON.");
        assertThat(missing.detail()).isEqualTo("The request body is missing.");
    }

    @Test
    void missingHeaderIsNamed() throws Exception {
        Problem problem = problem(send(post("/api/test/orders", VALID_ORDER)), 400);

        assertThat(fields(problem)).containsExactly("Idempotency-Key");
    }

    @Test
    void badPathVariableIsNamed() throws Exception {
        Problem problem = problem(send(request("/api/test/events/not-a-uuid").GET()), 400);

        assertThat(fields(problem)).containsExactly("id");
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        HttpResponse<String> response = send(request("/api/test/orders")
                .header("Content-Type", "text/plain").header("Idempotency-Key", "k-8")
                .POST(BodyPublishers.ofString(VALID_ORDER)));

        problem(response, 415);
        assertThat(response.headers().firstValue("Accept")).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
    }

    @Test
    void wrongMethodIs405() throws Exception {
        HttpResponse<String> response = send(request("/api/test/orders").DELETE());

        problem(response, 405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void unknownPathIs404() throws Exception {
        Problem problem = problem(send(request("/api/test/nothing-here").GET()), 404);

        assertThat(problem.instance()).isEqualTo("/api/test/nothing-here");
    }

    @Test
    void bodyOverTheDefault64KiBIs413BeforeItIsRead() throws Exception {
        Problem problem = problem(send(post("/api/test/orders", tooLargeJson()).header("Idempotency-Key", "k-9")), 413);

        assertThat(problem.detail()).contains("65536");
    }

    @Test
    void chunkedBodyOverTheLimitIs413WhileBeingRead() throws Exception {
        byte[] body = tooLargeJson().getBytes(StandardCharsets.UTF_8);
        BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));

        problem(send(request("/api/test/orders").header("Content-Type", "application/json")
                .header("Idempotency-Key", "k-10").POST(chunked)), 413);
        problem(send(request("/api/test/echo").header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))), 413);
    }

    @Test
    void bodyJustUnderTheLimitIsRead() throws Exception {
        HttpResponse<String> response = send(request("/api/test/echo").header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("x".repeat(60_000))));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void apiExceptionKeepsItsStatusAndType() throws Exception {
        Problem problem = problem(send(request("/api/test/sold-out").header(CorrelationId.HEADER, "sold-1").GET()), 409);

        assertThat(problem.type()).isEqualTo(URI.create("https://eventplanner.local/problems/sold-out"));
        assertThat(problem.title()).isEqualTo("Sold out");
        assertThat(problem.detail()).isEqualTo("No seats are left for this event.");
        assertThat(problem.correlationId()).isEqualTo("sold-1");
        assertThat(problem.instance()).isEqualTo("/api/test/sold-out");
    }

    @Test
    void unauthorizedNamesTheBearerScheme() throws Exception {
        HttpResponse<String> response = send(request("/api/test/private").GET());

        problem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void unexpectedFailureIs500ThatLeaksNothingButIsLoggedWithTheCorrelationId(CapturedOutput output)
            throws Exception {
        HttpResponse<String> response = send(request("/api/test/boom").header(CorrelationId.HEADER, "boom-42").GET());

        Problem problem = problem(response, 500);
        assertThat(response.body()).doesNotContain("hunter2").doesNotContain("db-1").doesNotContain("IllegalState");
        assertThat(problem.detail()).contains("correlation id");
        assertThat(problem.correlationId()).isEqualTo("boom-42");
        JsonNode line = logLine(output, "Unhandled exception on GET /api/test/boom");
        assertThat(line.path("correlationId").asString()).isEqualTo("boom-42");
        assertThat(line.path("error").path("message").asString()).contains("hunter2");
    }

    @Test
    void correlationIdComesFromTheAlbTraceHeaderWhenTheClientSendsNone(CapturedOutput output) throws Exception {
        HttpResponse<String> response = send(request("/api/test/whoami")
                .header(CorrelationId.TRACE_HEADER, "Self=1-5759e988-aaaaaaaaaaaaaaaaaaaaaaaa;Root=1-67891233-abcdef012345678912345678;Sampled=1")
                .GET());

        String expected = "1-67891233-abcdef012345678912345678";
        assertThat(response.headers().firstValue(CorrelationId.HEADER)).hasValue(expected);
        assertThat(JSON.readTree(response.body()).path("correlationId").asString()).isEqualTo(expected);
        assertThat(logLine(output, "handler sees the correlation id").path("correlationId").asString()).isEqualTo(expected);
    }

    @Test
    void hostileCorrelationIdIsReplacedByAFreshOne() throws Exception {
        HttpResponse<String> response = send(request("/api/test/whoami")
                .header(CorrelationId.HEADER, "x\",\"level\":\"ERROR").GET());

        String id = response.headers().firstValue(CorrelationId.HEADER).orElseThrow();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(JSON.readTree(response.body()).path("correlationId").asString()).isEqualTo(id);
    }

    @Test
    void everyProblemCarriesTheGeneratedCorrelationIdToo() throws Exception {
        HttpResponse<String> response = send(request("/api/test/nothing").GET());

        Problem problem = problem(response, 404);
        assertThat(problem.correlationId()).isNotBlank()
                .isEqualTo(response.headers().firstValue(CorrelationId.HEADER).orElseThrow());
    }

    private static String tooLargeJson() {
        return "{\"name\":\"" + "a".repeat(70 * 1024) + "\"}";
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private HttpRequest.Builder post(String path, String json) {
        return request(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private static Problem problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
        Problem problem = ProblemJson.read(response.body());
        assertThat(problem.status()).isEqualTo(status);
        assertThat(problem.title()).isNotBlank();
        assertThat(problem.correlationId()).isEqualTo(response.headers().firstValue(CorrelationId.HEADER).orElseThrow());
        return problem;
    }

    private static List<String> fields(Problem problem) {
        return problem.errors().stream().map(Problem.FieldError::field).toList();
    }

    /** The structured (ECS JSON) console line whose message is {@code message}. */
    private static JsonNode logLine(CapturedOutput output, String message) {
        return output.getOut().lines()
                .filter(line -> line.startsWith("{"))
                .map(JSON::readTree)
                .filter(node -> Objects.equals(node.path("message").asString(), message))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no JSON log line with message '" + message + "' in:\n" + output));
    }
}
