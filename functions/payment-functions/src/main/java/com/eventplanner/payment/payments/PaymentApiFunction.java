package com.eventplanner.payment.payments;

import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerResponseEvent;
import com.eventplanner.function.AlbRouters;
import com.eventplanner.function.alb.AlbRequest;
import com.eventplanner.function.alb.AlbResponse;
import com.eventplanner.function.alb.AlbRouter;
import com.eventplanner.payment.gateway.GatewayRoutes;
import com.eventplanner.web.ApiException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code paymentApi}: the ALB Lambda target for {@code /api/payments/*}. Paying a booking (with an Idempotency-Key),
 * reading payments (the payer, the event's organizer, admins; 404 for anyone else), and Stripe's webhooks, which
 * carry no bearer token but a signature.
 */
@Component("paymentApi")
class PaymentApiFunction implements Function<ApplicationLoadBalancerRequestEvent, ApplicationLoadBalancerResponseEvent> {

    static final String PAYMENTS = "/api/payments";
    static final String STRIPE_WEBHOOKS = PAYMENTS + "/webhooks/stripe";

    private final AlbRouter router;

    PaymentApiFunction(AlbRouters routers, Payments payments, Webhooks webhooks,
                       ObjectProvider<GatewayRoutes> gatewayRoutes, ObjectProvider<JsonMapper> mapper) {
        JsonMapper json = mapper.getIfAvailable(() -> JsonMapper.builder().build());
        AlbRouter.Builder builder = routers.builder()
                .post(PAYMENTS, request -> {
                    Payments.Answer answer = payments.pay(request.user(),
                            request.header("authorization").orElseThrow(),
                            request.header(Payments.IDEMPOTENCY_HEADER).orElse(null),
                            request.body(Payments.PayRequest.class));
                    AlbResponse response = new AlbResponse(answer.status(), Map.of(), json.readTree(answer.body()))
                            .withHeader("Idempotent-Replayed", String.valueOf(answer.replayed()));
                    return answer.paymentId() == null ? response
                            : response.withHeader("Location", PAYMENTS + "/" + answer.paymentId());
                })
                .get(PAYMENTS, request -> {
                    if (request.query("bookingId").isEmpty()) {
                        return AlbResponse.ok(new PaymentView.Page(payments.mine(request.user())));
                    }
                    UUID bookingId = request.query("bookingId", UUID::fromString, "a booking id").orElseThrow();
                    return AlbResponse.ok(new PaymentView.Page(java.util.List.of(
                            payments.findByBooking(request.user(), bookingId).orElseThrow(PaymentApiFunction::notFound))));
                })
                .get(PAYMENTS + "/{paymentId}", request -> AlbResponse.ok(payments.find(request.user(),
                        paymentId(request)).orElseThrow(PaymentApiFunction::notFound)))
                .post(STRIPE_WEBHOOKS, request -> AlbResponse.ok(webhooks.receive(request.body(),
                        request.header("stripe-signature").orElse(null))));
        gatewayRoutes.orderedStream().forEach(routes -> routes.addTo(builder));
        this.router = builder.build();
    }

    @Override
    public ApplicationLoadBalancerResponseEvent apply(ApplicationLoadBalancerRequestEvent request) {
        return router.handle(request);
    }

    private static UUID paymentId(AlbRequest request) {
        return request.pathUuid("paymentId", "PAYMENT_NOT_FOUND");
    }

    private static ApiException notFound() {
        return ApiException.notFound("PAYMENT_NOT_FOUND", "No such payment");
    }
}
