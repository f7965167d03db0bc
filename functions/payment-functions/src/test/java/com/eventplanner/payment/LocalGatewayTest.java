package com.eventplanner.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.MessageCodec;
import com.eventplanner.contracts.booking.BookingCancelled;
import com.eventplanner.contracts.booking.CancellationReason;
import com.eventplanner.payment.BookingServiceStub.Booking;
import com.eventplanner.payment.TestStack.Response;
import com.eventplanner.security.Role;
import com.eventplanner.testsupport.LambdaInvocations;
import com.eventplanner.testsupport.WithLocalInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * The local gateway (PAYMENT_GATEWAY=local) through the real FunctionInvoker: Stripe's test payment methods answered
 * as Stripe's test mode does, and its 3-D Secure and processor-timeout cases completed by webhooks it signs as
 * Stripe does, delivered to the payments API and applied by the same settlement as Stripe's.
 */
@WithLocalInfrastructure
class LocalGatewayTest {

    private static TestStack stack;
    private static AlbBridge bridge;
    private static FunctionInvoker api;
    private static FunctionInvoker refunds;

    private final UUID attendee = UUID.randomUUID();
    private final String token = stack.token(attendee, Role.ATTENDEE);

    @BeforeAll
    static void start() {
        stack = TestStack.get();
        bridge = new AlbBridge(() -> api);
        Map<String, String> settings = new LinkedHashMap<>(stack.stripeSettings());
        settings.put("PAYMENT_GATEWAY", "local");
        settings.put("eventplanner.payment.local-gateway.webhook-url", bridge.url("/api/payments/webhooks/stripe"));
        settings.put("eventplanner.payment.local-gateway.settle-after", "1s");
        api = Invokers.start("paymentApi", stack.infra, stack.authority.jwksUrl(), settings);
        refunds = Invokers.start("bookingCancelledPayment", stack.infra, stack.authority.jwksUrl(), settings);
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    @Test
    void stripesTestCardsApproveAndDeclineAsInTestMode() {
        assertThat(pay("pm_card_visa").json().get("status").asString()).isEqualTo("SUCCEEDED");
        Response declined = pay("pm_card_chargeDeclined");
        assertThat(declined.json().get("status").asString()).isEqualTo("FAILED");
        assertThat(declined.json().get("declineCode").asString()).isEqualTo("generic_decline");
        assertThat(pay("pm_card_chargeDeclinedInsufficientFunds").json().get("declineCode").asString())
                .isEqualTo("insufficient_funds");
    }

    @Test
    void threeDSecureCompletesThroughTheSignedWebhookTheLocalGatewaySends() {
        Response action = pay("pm_card_authenticationRequired");
        assertThat(action.json().get("status").asString()).isEqualTo("REQUIRES_ACTION");
        assertThat(action.json().get("nextAction").get("type").asString()).isEqualTo("use_stripe_sdk");
        String paymentId = action.json().get("id").asString();

        // what the payer's client does on Stripe's challenge page, on the local gateway's stand-in
        Response authenticated = stack.call(api, "POST", "/api/payments/local-gateway/authentications", Map.of(),
                Map.of("content-type", "application/json"), "{\"clientSecret\": \""
                        + action.json().get("clientSecret").asString() + "\", \"outcome\": \"complete\"}")
                .expect(200);
        assertThat(authenticated.json().get("status").asString()).isEqualTo("succeeded");

        await().atMost(Duration.ofSeconds(15)).until(() -> "SUCCEEDED".equals(status(paymentId)));
        stack.awaitOne("payment.completed", paymentId);
    }

    @Test
    void aChargeThatTimesOutAtTheProcessorIsSettledByItsLaterWebhook() {
        Response processing = pay("pm_card_processorTimeout").expect(202);
        assertThat(processing.json().get("status").asString()).isEqualTo("PROCESSING");
        String paymentId = processing.json().get("id").asString();

        await().atMost(Duration.ofSeconds(15)).until(() -> "SUCCEEDED".equals(status(paymentId)));
        stack.awaitOne("payment.completed", paymentId);
    }

    @Test
    void aRefundOfTheRefundFailCardIsRefusedAndRetried() {
        Response paid = pay("pm_card_refundFail");
        String paymentId = paid.json().get("id").asString();
        Booking booking = new Booking(UUID.fromString(paid.json().get("bookingId").asString()), null, attendee, null,
                null, null, null, null);
        String message = new MessageCodec().encode(Envelope.of(new BookingCancelled(booking.id(), UUID.randomUUID(),
                attendee, 2, CancellationReason.USER_REQUEST, true, UUID.fromString(paymentId)), "booking-service",
                "corr-local", Instant.now()));

        LambdaInvocations.invoke(refunds, "booking-cancelled-payment", TestStack.sqsEvent(message));

        assertThat(new Ledger(stack.infra).refundStatus(paymentId)).isEqualTo("PENDING:1");
        assertThat(pay("pm_card_visa").json().get("status").asString()).isEqualTo("SUCCEEDED");
    }

    private Response pay(String method) {
        Booking booking = stack.bookings.serve(Booking.pending(attendee, UUID.randomUUID(), "30.00", "EUR"), token);
        return stack.pay(api, token, "local-" + UUID.randomUUID(), booking.id(), method);
    }

    private String status(String paymentId) {
        return stack.get(api, token, "/api/payments/" + paymentId, Map.of()).expect(200).json().get("status")
                .asString();
    }
}
