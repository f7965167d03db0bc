package com.eventplanner.payment.payments;

import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import com.eventplanner.function.alb.JsonBodies;
import com.eventplanner.function.snapstart.PrimingStep;
import com.eventplanner.payment.gateway.Amount;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Runs the payments API before the snapshot on requests that touch no data and reach no processor: a payment with an
 * unparseable token (401 before any key fetch), a webhook without a signature (400 before any lookup), plus the JSON
 * mapping and validation of a payment body and of the views the API answers with. Nothing is written or charged.
 */
@Component
class PaymentApiPriming implements PrimingStep {

    private static final UUID SAMPLE_ID = new UUID(0, 1);
    private static final String SAMPLE_BODY = """
            {"bookingId": "00000000-0000-0000-0000-000000000001", "paymentMethod": "pm_card_visa"}""";

    private final PaymentApiFunction api;
    private final JsonBodies bodies;

    PaymentApiPriming(PaymentApiFunction api, JsonBodies bodies) {
        this.api = api;
        this.bodies = bodies;
    }

    @Override
    public void prime() {
        api.apply(request("POST", PaymentApiFunction.PAYMENTS, Map.of("authorization", "Bearer not-a-token",
                "idempotency-key", "priming"), SAMPLE_BODY));
        api.apply(request("POST", PaymentApiFunction.STRIPE_WEBHOOKS, Map.of(), "{}"));
        bodies.read(SAMPLE_BODY, Payments.PayRequest.class);
        Amount amount = new Amount(100, "EUR");
        Records.Payment payment = new Records.Payment(SAMPLE_ID, SAMPLE_ID, SAMPLE_ID, SAMPLE_ID, SAMPLE_ID, amount,
                PaymentStatus.SUCCEEDED, Instant.EPOCH, Instant.EPOCH);
        Records.Attempt attempt = new Records.Attempt(SAMPLE_ID, SAMPLE_ID, "priming", "priming", null,
                "pm_card_visa", amount, AttemptStatus.SUCCEEDED, null, null, null, null, Instant.EPOCH,
                Instant.EPOCH);
        bodies.write(new PaymentView.Page(List.of(PaymentView.of(payment, attempt, null, true))));
    }

    private static ApplicationLoadBalancerRequestEvent request(String method, String path, Map<String, String> headers,
                                                               String body) {
        ApplicationLoadBalancerRequestEvent request = new ApplicationLoadBalancerRequestEvent();
        request.setHttpMethod(method);
        request.setPath(path);
        request.setHeaders(headers);
        request.setBody(body);
        request.setIsBase64Encoded(false);
        return request;
    }
}
