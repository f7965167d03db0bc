package com.eventplanner.event.catalog;

import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerResponseEvent;
import com.eventplanner.function.AlbRouters;
import com.eventplanner.function.alb.AlbRequest;
import com.eventplanner.function.alb.AlbResponse;
import com.eventplanner.function.alb.AlbRouter;
import com.eventplanner.web.ApiException;
import com.eventplanner.web.Problem;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * {@code eventApi}: the ALB Lambda target for {@code /api/events/*}. The route table maps each method and path to
 * one {@link EventService} call; the router does JSON, validation, the caller's token and problem details.
 */
@Component("eventApi")
class EventApiFunction implements Function<ApplicationLoadBalancerRequestEvent, ApplicationLoadBalancerResponseEvent> {

    static final int MAX_PAGE_SIZE = 100;
    private static final String EVENTS = "/api/events";

    private final AlbRouter router;

    EventApiFunction(AlbRouters routers, EventService events) {
        this.router = routers.builder()
                .get(EVENTS, request -> AlbResponse.ok(events.list(filter(request), page(request), size(request))))
                .get(EVENTS + "/mine", request -> AlbResponse.ok(events.mine(request.user())))
                .get(EVENTS + "/{eventId}", request ->
                        AlbResponse.ok(events.get(request.optionalUser(), eventId(request))))
                .post(EVENTS, request -> {
                    EventView created = events.create(Actor.of(request), request.body(EventDetails.class));
                    return AlbResponse.created(EVENTS + "/" + created.id(), created);
                })
                .put(EVENTS + "/{eventId}", request -> AlbResponse.ok(
                        events.update(Actor.of(request), eventId(request), request.body(EventDetails.class))))
                .post(EVENTS + "/{eventId}/publish", request ->
                        AlbResponse.ok(events.publish(Actor.of(request), eventId(request))))
                .post(EVENTS + "/{eventId}/cancel", request -> {
                    String reason = request.body() == null || request.body().isBlank() ? null
                            : request.body(CancelRequest.class).reason();
                    return AlbResponse.ok(events.cancel(Actor.of(request), eventId(request), reason));
                })
                .build();
    }

    @Override
    public ApplicationLoadBalancerResponseEvent apply(ApplicationLoadBalancerRequestEvent request) {
        return router.handle(request);
    }

    private static UUID eventId(AlbRequest request) {
        return request.pathUuid("eventId", "EVENT_NOT_FOUND");
    }

    /** {@code from}/{@code to}: an ISO instant, or a date meaning its start in UTC. */
    private static EventFilter filter(AlbRequest request) {
        Instant from = request.query("from", EventApiFunction::instant, "an ISO date or instant").orElse(null);
        Instant to = request.query("to", EventApiFunction::instant, "an ISO date or instant").orElse(null);
        if (from != null && to != null && !to.isAfter(from)) {
            throw ApiException.badRequest("VALIDATION_FAILED", "The date range is empty",
                    new Problem.FieldError("to", "must be after from"));
        }
        return new EventFilter(request.query("city").orElse(null), from, to, request.query("q").orElse(null));
    }

    private static int page(AlbRequest request) {
        int page = request.query("page", Integer::parseInt, "a number from 0").orElse(0);
        if (page < 0) {
            throw ApiException.badRequest("VALIDATION_FAILED", "A query parameter is invalid",
                    new Problem.FieldError("page", "must be a number from 0"));
        }
        return page;
    }

    private static int size(AlbRequest request) {
        int size = request.query("size", Integer::parseInt, "a number from 1 to " + MAX_PAGE_SIZE).orElse(20);
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiException.badRequest("VALIDATION_FAILED", "A query parameter is invalid",
                    new Problem.FieldError("size", "must be a number from 1 to " + MAX_PAGE_SIZE));
        }
        return size;
    }

    private static Instant instant(String value) {
        return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                : Instant.parse(value);
    }

    record CancelRequest(@Size(max = 500) String reason) {
    }
}
