package com.eventplanner.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/**
 * Stripe's API as WireMock stubs, bodies shaped like Stripe's documented responses (API reference: PaymentIntents,
 * Refunds, Errors): a charge per test payment method answers as Stripe's test mode does, plus a 5xx, a timeout (an
 * answer slower than the client's read timeout, then, replayed under the same key, a success) and refunds, one
 * refused. Intent and refund ids are fresh per response, as Stripe's are.
 */
public final class StripeStub implements AutoCloseable {

    /** Not Stripe methods: what the stub answers with a 500 and with a late answer. */
    public static final String SERVER_ERROR_METHOD = "pm_stub_serverError";
    public static final String TIMEOUT_METHOD = "pm_stub_timeout";
    public static final int TIMEOUT_DELAY_MILLIS = 3_000;
    private static final String ID = "{{randomValue length=24 type='ALPHANUMERIC'}}";

    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort()
            .globalTemplating(true));

    public StripeStub() {
        server.start();
        stubCharges();
        stubRefunds();
    }

    public WireMockServer server() {
        return server;
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public void reset() {
        server.resetRequests();
        server.resetScenarios();
    }

    private void stubCharges() {
        charge("pm_card_visa", 200, intent("succeeded", null));
        charge("pm_card_mastercard", 200, intent("succeeded", null));
        charge("pm_card_refundFail", 200, intent("succeeded", null).replace("\"id\": \"pi_",
                "\"id\": \"pi_refundfail_"));
        charge("pm_card_authenticationRequired", 200, intent("requires_action",
                "\"next_action\": {\"type\": \"use_stripe_sdk\", \"use_stripe_sdk\": {\"type\": \"three_d_secure_redirect\","
                        + " \"stripe_js\": \"https://hooks.stripe.com/3d_secure_2/hosted\"}},"));
        charge("pm_card_chargeDeclined", 402, cardError("generic_decline", "Your card was declined."));
        charge("pm_card_chargeDeclinedInsufficientFunds", 402,
                cardError("insufficient_funds", "Your card has insufficient funds."));
        charge(SERVER_ERROR_METHOD, 500, """
                {"error": {"type": "api_error", "message": "Something went wrong on Stripe's end."}}""");
        // first request: later than the read timeout; its replay under the key: the charge it made
        server.stubFor(post(urlEqualTo("/v1/payment_intents"))
                .withRequestBody(containing("payment_method=" + TIMEOUT_METHOD))
                .inScenario("timeout").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("charged")
                .willReturn(json(200, intent("succeeded", null)).withFixedDelay(TIMEOUT_DELAY_MILLIS)));
        server.stubFor(post(urlEqualTo("/v1/payment_intents"))
                .withRequestBody(containing("payment_method=" + TIMEOUT_METHOD))
                .inScenario("timeout").whenScenarioStateIs("charged")
                .willReturn(json(200, intent("succeeded", null))));
        server.stubFor(get(urlPathMatching("/v1/payment_intents/pi_[A-Za-z0-9_]+"))
                .willReturn(json(200, intent("succeeded", null)
                        .replace("\"id\": \"pi_" + ID + "\"", "\"id\": \"{{request.pathSegments.[2]}}\""))));
        server.stubFor(post(urlPathMatching("/v1/payment_intents/pi_[A-Za-z0-9_]+/cancel"))
                .willReturn(json(200, intent("canceled", "\"cancellation_reason\": \"abandoned\",")
                        .replace("\"id\": \"pi_" + ID + "\"", "\"id\": \"{{request.pathSegments.[2]}}\""))));
    }

    private void stubRefunds() {
        server.stubFor(post(urlEqualTo("/v1/refunds")).atPriority(5).willReturn(json(200, """
                {"id": "re_%s", "object": "refund", "amount": {{formData request.body 'form'}}{{form.amount}},
                 "balance_transaction": "txn_%s", "charge": "ch_%s", "created": 1735689600, "currency": "eur",
                 "metadata": {}, "payment_intent": "{{form.payment_intent}}", "reason": "requested_by_customer",
                 "status": "succeeded"}""".formatted(ID, ID, ID))));
        server.stubFor(post(urlEqualTo("/v1/refunds")).atPriority(1)
                .withRequestBody(containing("payment_intent=pi_refundfail_"))
                .willReturn(json(400, """
                        {"error": {"type": "invalid_request_error", "code": "charge_disputed",
                         "message": "Charge ch_3Mtw has been charged back; cannot issue a refund.",
                         "doc_url": "https://stripe.com/docs/error-codes/charge-disputed"}}""")));
    }

    private void charge(String paymentMethod, int status, String body) {
        server.stubFor(post(urlEqualTo("/v1/payment_intents"))
                .withRequestBody(containing("payment_method=" + paymentMethod))
                .willReturn(json(status, body)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("Request-Id", "req_{{randomValue length=14 type='ALPHANUMERIC'}}").withBody(body);
    }

    /** A PaymentIntent as the API reference shows one, with {@code status} and optional extra fields. */
    static String intent(String status, String extra) {
        return """
                {"id": "pi_%s", "object": "payment_intent", "amount": 4990, "amount_capturable": 0,
                 "amount_received": %d, "capture_method": "automatic",
                 "client_secret": "pi_%s_secret_%s", "confirmation_method": "automatic", "created": 1735689600,
                 "currency": "eur", "latest_charge": "ch_%s", "livemode": false, "metadata": {},
                 %s "payment_method": "pm_1Q0PsIJvEtkwdCNYMSaVuRz6", "payment_method_types": ["card"],
                 "status": "%s"}""".formatted(ID, "succeeded".equals(status) ? 4990 : 0, ID, ID, ID,
                extra == null ? "" : extra, status);
    }

    /** A 402 card error, with the PaymentIntent it left requiring a new payment method. */
    private static String cardError(String declineCode, String message) {
        String intent = intent("requires_payment_method", """
                "last_payment_error": {"type": "card_error", "code": "card_declined", "decline_code": "%s",
                 "message": "%s"},""".formatted(declineCode, message));
        return """
                {"error": {"type": "card_error", "code": "card_declined", "decline_code": "%s", "message": "%s",
                 "charge": "ch_%s", "doc_url": "https://stripe.com/docs/error-codes/card-declined",
                 "payment_intent": %s}}""".formatted(declineCode, message, ID, intent);
    }

    @Override
    public void close() {
        server.stop();
    }
}
