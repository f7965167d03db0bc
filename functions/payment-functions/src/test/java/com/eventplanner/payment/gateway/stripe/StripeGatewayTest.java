package com.eventplanner.payment.gateway.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.eventplanner.payment.StripeStub;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Stripe adapter (stripe-java) against stubs shaped like Stripe's documented responses: success, card_declined,
 * insufficient_funds, requires_action, a 5xx, a timeout; refunds done and refused; webhooks verified and read.
 */
class StripeGatewayTest {

    /** What each flow of {@link StripeFlows} must come to; StripeClassesIT expects the same of the shaded jar. */
    static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("pm_card_visa", "Succeeded[intentId=pi_*]"),
            Map.entry("pm_card_chargeDeclined", "Declined[intentId=pi_*, code=card_declined, declineCode=generic_decline]"),
            Map.entry("pm_card_chargeDeclinedInsufficientFunds",
                    "Declined[intentId=pi_*, code=card_declined, declineCode=insufficient_funds]"),
            Map.entry("pm_card_authenticationRequired",
                    "RequiresAction[intentId=pi_*, clientSecret=pi_*, nextActionType=use_stripe_sdk]"),
            Map.entry("pm_stub_serverError", "Processing[intentId=null]"),
            Map.entry("pm_stub_timeout", "Processing[intentId=null]"),
            Map.entry("retrieve", "Succeeded[intentId=pi_*]"),
            Map.entry("refund", "Succeeded[refundId=re_*]"),
            Map.entry("refund refused", "Refused[code=charge_disputed, message=Charge ch_* has been charged back; "
                    + "cannot issue a refund.]"),
            Map.entry("webhook payment_intent.succeeded", "ChargeChanged[id=evt_flows_1, type=payment_intent.succeeded, "
                    + "attemptId=5b3f1f0e-9a4e-4a53-9d3a-2f8d1f2c6a10, result=Succeeded[intentId=pi_*]]"),
            Map.entry("webhook charge.refunded",
                    "ChargeRefunded[id=evt_flows_2, type=charge.refunded, intentId=pi_3MtwBw, amountRefunded=4990]"));

    private static StripeStub stripe;

    @BeforeAll
    static void start() {
        stripe = new StripeStub();
    }

    @AfterAll
    static void stop() {
        stripe.close();
    }

    @Test
    void everyDocumentedAnswerBecomesItsOutcome() {
        assertThat(StripeFlows.run(stripe.url())).containsExactlyInAnyOrderEntriesOf(EXPECTED);
    }

    @Test
    void everyAttemptAndEveryRefundGoesUnderItsOwnIdempotencyKey() {
        stripe.reset();
        StripeFlows.run(stripe.url());

        List<LoggedRequest> charges = stripe.server().findAll(postRequestedFor(urlEqualTo("/v1/payment_intents")));
        assertThat(charges).hasSize(6).allSatisfy(r -> assertThat(r.getHeader("Idempotency-Key")).startsWith("pay-"));
        assertThat(charges.stream().map(r -> r.getHeader("Idempotency-Key")).distinct()).hasSize(6);
        assertThat(charges.get(0).getBodyAsString()).contains("amount=4990", "currency=eur", "confirm=true",
                "payment_method_types[0]=card", "metadata[attempt_id]=5b3f1f0e");
        assertThat(charges.get(0).getHeader("Authorization")).isEqualTo("Bearer sk_test_flows");
        assertThat(charges.get(0).getHeader("Stripe-Version")).isEqualTo(com.stripe.Stripe.API_VERSION);
        List<LoggedRequest> refunds = stripe.server().findAll(postRequestedFor(urlEqualTo("/v1/refunds")));
        assertThat(refunds).hasSize(2).allSatisfy(r -> assertThat(r.getHeader("Idempotency-Key")).startsWith("refund-"));
        assertThat(refunds.get(0).getBodyAsString()).contains("payment_intent=pi_3MtwBw", "amount=4990");
    }
}
