package com.eventplanner.event.catalog;

import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.event.Venue;
import com.eventplanner.function.alb.JsonBodies;
import com.eventplanner.function.snapstart.PrimingStep;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Runs the events API before the snapshot on requests that touch no data: a listing with an invalid date (400 before
 * any query), a create with an unparseable token (401 before any key fetch), plus the JSON mapping and validation of
 * a create body and of the views the API answers with. Nothing is written, nothing is kept.
 */
@Component
class EventApiPriming implements PrimingStep {

    private static final UUID SAMPLE_ID = new UUID(0, 1);
    private static final String SAMPLE_BODY = """
            {"title": "Priming", "description": "", "venue": {"name": "v", "address": "a", "city": "c"},
             "startsAt": "2999-01-01T18:00:00Z", "endsAt": "2999-01-01T20:00:00Z", "timeZone": "UTC",
             "capacity": 1, "price": {"amount": 1.00, "currency": "EUR"}}""";

    private final EventApiFunction api;
    private final JsonBodies bodies;

    EventApiPriming(EventApiFunction api, JsonBodies bodies) {
        this.api = api;
        this.bodies = bodies;
    }

    @Override
    public void prime() {
        api.apply(request("GET", "/api/events", Map.of("from", "not-a-date"), Map.of(), null));
        api.apply(request("POST", "/api/events", Map.of(), Map.of("authorization", "Bearer not-a-token"),
                SAMPLE_BODY));
        bodies.read(SAMPLE_BODY, EventDetails.class);
        EventView view = new EventView(SAMPLE_ID, SAMPLE_ID, "Priming", "", new Venue("v", "a", "c"),
                Instant.EPOCH, Instant.EPOCH, "UTC", 1, new Money(BigDecimal.ONE, "EUR"), EventStatus.DRAFT, 0,
                Instant.EPOCH, Instant.EPOCH, null, null);
        bodies.write(EventPage.of(List.of(view), 0, 1, 1));
    }

    private static ApplicationLoadBalancerRequestEvent request(String method, String path, Map<String, String> query,
                                                               Map<String, String> headers, String body) {
        ApplicationLoadBalancerRequestEvent request = new ApplicationLoadBalancerRequestEvent();
        request.setHttpMethod(method);
        request.setPath(path);
        request.setQueryStringParameters(query);
        request.setHeaders(headers);
        request.setBody(body);
        request.setIsBase64Encoded(false);
        return request;
    }
}
