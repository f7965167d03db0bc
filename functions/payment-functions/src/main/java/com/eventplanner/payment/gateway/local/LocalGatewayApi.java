package com.eventplanner.payment.gateway.local;

import com.eventplanner.function.alb.AlbResponse;
import com.eventplanner.function.alb.AlbRouter;
import com.eventplanner.payment.gateway.GatewayRoutes;
import com.eventplanner.web.ApiException;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.Map;

/**
 * LOCAL ONLY: {@code POST /api/payments/local-gateway/authentications}, the stand-in for Stripe's test 3-D Secure
 * page. The payer's client sends the client secret it got with {@code REQUIRES_ACTION} (as stripe.js does with
 * {@code handleNextAction}) and {@code complete} or {@code fail}; the local gateway then reports the outcome by
 * webhook, as Stripe does. Registered only when {@code PAYMENT_GATEWAY=local}.
 */
final class LocalGatewayApi implements GatewayRoutes {

    static final String PATH = "/api/payments/local-gateway/authentications";

    private final LocalPaymentGateway gateway;

    LocalGatewayApi(LocalPaymentGateway gateway) {
        this.gateway = gateway;
    }

    record Authentication(@NotBlank String clientSecret, @NotBlank @Pattern(regexp = "complete|fail") String outcome) {
    }

    @Override
    public void addTo(AlbRouter.Builder routes) {
        routes.post(PATH, request -> {
            Authentication authentication = request.body(Authentication.class);
            LocalPaymentGateway.Intent intent = gateway.authenticate(authentication.clientSecret(),
                    authentication.outcome().equals("complete")).orElseThrow(() -> ApiException.notFound(
                    "NO_SUCH_AUTHENTICATION", "No payment awaits authentication with this client secret"));
            return AlbResponse.ok(Map.of("paymentIntent", intent.id(), "status", intent.status()));
        });
    }
}
