package com.eventplanner.web;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Problem document without Spring, as an ALB Lambda handler produces it. */
class ProblemJsonTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void apiExceptionBecomesAnRfc9457Document() {
        ApiException soldOut = ApiException.conflict("SOLD_OUT", "No seats are left for this event.");

        JsonNode json = JSON.readTree(ProblemJson.write(
                soldOut.toProblem().withInstance("/api/events/42/bookings").withCorrelationId("c-1")));

        assertThat(json.path("type").asString()).isEqualTo("https://eventplanner.local/problems/sold-out");
        assertThat(json.path("title").asString()).isEqualTo("Sold out");
        assertThat(json.path("status").asInt()).isEqualTo(409);
        assertThat(json.path("detail").asString()).isEqualTo("No seats are left for this event.");
        assertThat(json.path("instance").asString()).isEqualTo("/api/events/42/bookings");
        assertThat(json.path("correlationId").asString()).isEqualTo("c-1");
        assertThat(json.has("errors")).as("no empty errors member").isFalse();
    }

    @Test
    void fieldErrorsAreListedAndAbsentMembersOmitted() {
        Problem problem = ApiException.badRequest("INVALID_BOOKING", "The booking is invalid.",
                new Problem.FieldError("seats", "must be at least 1")).toProblem();

        JsonNode json = JSON.readTree(ProblemJson.write(problem));

        assertThat(json.path("errors").get(0).path("field").asString()).isEqualTo("seats");
        assertThat(json.path("errors").get(0).path("message").asString()).isEqualTo("must be at least 1");
        assertThat(json.has("instance")).isFalse();
        assertThat(json.has("correlationId")).isFalse();
    }

    @Test
    void roundTripsAndToleratesForeignExtensionMembers() {
        Problem problem = Problem.ofStatus(404, "No such event.").withInstance("/api/events/9").withCorrelationId("c-2");

        assertThat(ProblemJson.read(ProblemJson.write(problem))).isEqualTo(problem);
        assertThat(ProblemJson.read("{\"status\":503,\"title\":\"x\",\"retryAfter\":5}").type())
                .isEqualTo(Problem.BLANK_TYPE);
    }

    @Test
    void plainStatusProblemsUseAboutBlankAndTheReasonPhrase() {
        Problem problem = Problem.ofStatus(415, "Use application/json.");

        assertThat(problem.type()).isEqualTo(URI.create("about:blank"));
        assertThat(problem.title()).isEqualTo("Unsupported Media Type");
    }

    @Test
    void responseForAnAlbTargetCarriesMediaTypeAndCorrelationHeader() {
        ProblemResponse response = ProblemResponse.of(Problem.ofStatus(404, "No such event.").withCorrelationId("c-3"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.headers()).containsExactlyInAnyOrderEntriesOf(
                Map.of("Content-Type", "application/problem+json", "X-Correlation-Id", "c-3"));
        assertThat(ProblemJson.read(response.body()).detail()).isEqualTo("No such event.");
    }

    @Test
    void unauthorizedResponseNamesTheBearerScheme() {
        ProblemResponse response = ProblemResponse.of(ApiException.unauthorized("Log in first.").toProblem());

        assertThat(response.headers()).containsEntry("WWW-Authenticate", "Bearer");
    }

    @Test
    void problemsMapsDomainErrorsAndHidesEverythingElse() {
        try (CorrelationId.Scope scope = CorrelationId.open("lambda-req-1")) {
            Problem domain = Problems.from(ApiException.notFound("EVENT_NOT_FOUND", "No such event."), "/api/events/1");
            Problem crash = Problems.from(new IllegalStateException("jdbc:postgresql://10.0.0.5 password=x"), "/api/events");

            assertThat(domain.status()).isEqualTo(404);
            assertThat(domain.type().toString()).endsWith("/event-not-found");
            assertThat(domain.correlationId()).isEqualTo("lambda-req-1");
            assertThat(crash.status()).isEqualTo(500);
            assertThat(ProblemJson.write(crash)).doesNotContain("jdbc").doesNotContain("password")
                    .contains("lambda-req-1");
        }
    }

    @Test
    void apiExceptionRefusesNonErrorStatusesAndOddCodes() {
        assertThatThrownBy(() -> new ApiException(200, "OK", "fine")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ApiException(400, "bad code!", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ApiException(422, "SEAT_LIMIT", "Too many seats.", List.of()).toProblem().title())
                .isEqualTo("Seat limit");
    }
}
