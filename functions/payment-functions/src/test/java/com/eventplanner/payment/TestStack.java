package com.eventplanner.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.eventplanner.contracts.Destinations;
import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.security.Role;
import com.eventplanner.testsupport.LambdaInvocations;
import com.eventplanner.testsupport.LocalInfrastructureExtension;
import com.eventplanner.testsupport.TestAuthority;
import com.stripe.net.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One per test JVM: the local infrastructure, a stand-in auth authority, Stripe and booking-service stubs, a queue
 * subscribed to every payment message, and the payment functions through their real {@link FunctionInvoker} with
 * the Stripe gateway pointed at the stub. Tests push ALB and SQS event JSON through the invokers.
 */
public final class TestStack {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PROBE_QUEUE = "payment-messages-probe";
    private static TestStack stack;

    final LocalInfrastructure infra;
    final TestAuthority authority;
    final StripeStub stripe = new StripeStub();
    final BookingServiceStub bookings = new BookingServiceStub();
    final FunctionInvoker api;
    final FunctionInvoker refunds;
    final FunctionInvoker reconciliation;
    private final String probeUrl;

    private TestStack(LocalInfrastructure infra) {
        this.infra = infra;
        this.authority = new TestAuthority(Invokers.ISSUER, Invokers.AUDIENCE, infra.redisUri());
        Map<String, String> settings = stripeSettings();
        this.api = Invokers.start("paymentApi", infra, authority.jwksUrl(), settings);
        this.refunds = Invokers.start("bookingCancelledPayment", infra, authority.jwksUrl(), settings);
        this.reconciliation = Invokers.start("paymentReconciliation", infra, authority.jwksUrl(), settings);
        this.probeUrl = infra.sqsClient().createQueue(b -> b.queueName(PROBE_QUEUE)).queueUrl();
        String probeArn = infra.sqsClient().getQueueAttributes(b -> b.queueUrl(probeUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        infra.snsClient().subscribe(b -> b.topicArn(infra.topicArn(Destinations.PAYMENT_TOPIC)).protocol("sqs")
                .endpoint(probeArn).attributes(Map.of("RawMessageDelivery", "true")));
    }

    static synchronized TestStack get() {
        if (stack == null) {
            stack = new TestStack(LocalInfrastructureExtension.current());
        }
        return stack;
    }

    /** Stripe at the stub, a 1 s read timeout (the stub's slow answer takes 3 s), retries and waits made short. */
    Map<String, String> stripeSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("PAYMENT_GATEWAY", "stripe");
        settings.put("eventplanner.payment.stripe.api-base", stripe.url());
        settings.put("eventplanner.payment.stripe.read-timeout", "1s");
        settings.put("BOOKING_SERVICE_URL", bookings.url());
        settings.put("eventplanner.payment.booking-service.timeout", "1s");
        settings.put("eventplanner.payment.reconciliation.settle-after", "0s");
        settings.put("eventplanner.payment.reconciliation.abandon-after", "2s");
        settings.put("eventplanner.payment.refunds.retry-after", "0s");
        return settings;
    }

    String token(UUID user, Role... roles) {
        return authority.token(user, user + "@example.com", roles);
    }

    /** An ALB request event for the payments API, as the load balancer sends it. */
    static String albRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                             String body) {
        ObjectNode event = JSON.createObjectNode();
        event.putObject("requestContext").putObject("elb").put("targetGroupArn",
                "arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/eventplanner-dev-payment-api/0");
        event.put("httpMethod", method);
        event.put("path", path);
        ObjectNode queryNode = event.putObject("queryStringParameters");
        query.forEach(queryNode::put);
        ObjectNode headerNode = event.putObject("headers");
        headerNode.put("x-forwarded-for", "203.0.113.10");
        headerNode.put("user-agent", "payments-test");
        headers.forEach((name, value) -> headerNode.put(name.toLowerCase(java.util.Locale.ROOT), value));
        event.put("body", body == null ? "" : body);
        event.put("isBase64Encoded", false);
        return JSON.writeValueAsString(event);
    }

    Response call(FunctionInvoker invoker, String method, String path, Map<String, String> query,
                  Map<String, String> headers, String body) {
        return Response.of(LambdaInvocations.invoke(invoker, "payment-api", albRequest(method, path, query, headers,
                body)));
    }

    /** {@code POST /api/payments} as the payer. */
    Response pay(FunctionInvoker invoker, String token, String key, UUID bookingId, String paymentMethod) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", "Bearer " + token);
        headers.put("content-type", "application/json");
        if (key != null) {
            headers.put("idempotency-key", key);
        }
        return call(invoker, "POST", "/api/payments", Map.of(), headers,
                "{\"bookingId\": \"" + bookingId + "\", \"paymentMethod\": \"" + paymentMethod + "\"}");
    }

    Response pay(String token, String key, UUID bookingId, String paymentMethod) {
        return pay(api, token, key, bookingId, paymentMethod);
    }

    Response get(FunctionInvoker invoker, String token, String path, Map<String, String> query) {
        return call(invoker, "GET", path, query, Map.of("authorization", "Bearer " + token), null);
    }

    /** A webhook signed as Stripe signs: {@code t=<timestamp>,v1=<HMAC-SHA256(secret, t + "." + body)>}. */
    static String signature(String payload, Instant at, String secret) {
        try {
            long timestamp = at.getEpochSecond();
            return "t=" + timestamp + ",v1=" + Webhook.Util.computeHmacSha256(secret, timestamp + "." + payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Stripe event of {@code type} about a PaymentIntent created for {@code attemptId}. */
    static String stripeEvent(String eventId, String type, String intentId, String attemptId, String status) {
        return """
                {"id": "%s", "object": "event", "api_version": "%s", "created": %d, "livemode": false,
                 "pending_webhooks": 1, "request": {"id": null, "idempotency_key": null}, "type": "%s",
                 "data": {"object": {"id": "%s", "object": "payment_intent", "amount": 4990, "currency": "eur",
                  "status": "%s", "metadata": {"attempt_id": "%s"}, "payment_method": "pm_1Q0Ps",
                  "livemode": false}}}""".formatted(eventId, com.stripe.Stripe.API_VERSION,
                Instant.now().getEpochSecond(), type, intentId, status, attemptId);
    }

    Response webhook(FunctionInvoker invoker, String payload, String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json; charset=utf-8");
        if (signature != null) {
            headers.put("stripe-signature", signature);
        }
        return call(invoker, "POST", "/api/payments/webhooks/stripe", Map.of(), headers, payload);
    }

    /** An SQS event of the envelopes given as JSON bodies, as Lambda hands a batch to the function. */
    static String sqsEvent(String... bodies) {
        ObjectNode event = JSON.createObjectNode();
        var records = event.putArray("Records");
        for (String body : bodies) {
            ObjectNode record = records.addObject();
            record.put("messageId", UUID.randomUUID().toString());
            record.put("receiptHandle", "handle-" + UUID.randomUUID());
            record.put("body", body);
            record.putObject("attributes").put("ApproximateReceiveCount", "1");
            record.putObject("messageAttributes");
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", "arn:aws:sqs:eu-central-1:123456789012:booking-cancelled-payment-queue");
            record.put("awsRegion", "eu-central-1");
        }
        return JSON.writeValueAsString(event);
    }

    /** Payment messages (payment.completed / failed / refunded) seen so far that match, consumed from the probe. */
    private final List<JsonNode> seen = new ArrayList<>();

    synchronized List<JsonNode> messages(Predicate<JsonNode> matching) {
        for (Message message : infra.sqsClient().receiveMessage(b -> b.queueUrl(probeUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(0)).messages()) {
            seen.add(JSON.readTree(message.body()));
            infra.sqsClient().deleteMessage(b -> b.queueUrl(probeUrl).receiptHandle(message.receiptHandle()));
        }
        return seen.stream().filter(matching).toList();
    }

    /** Waits for a message of {@code type} about {@code paymentId}, then checks no second one comes. */
    JsonNode awaitOne(String type, String paymentId) {
        Predicate<JsonNode> match = m -> type.equals(m.path("type").asString())
                && paymentId.equals(m.path("data").path("paymentId").asString());
        await().atMost(Duration.ofSeconds(15)).until(() -> !messages(match).isEmpty());
        return messages(match).get(0);
    }

    long count(String type, String paymentId) {
        return messages(m -> type.equals(m.path("type").asString())
                && paymentId.equals(m.path("data").path("paymentId").asString())).size();
    }

    /** The ALB response event FunctionInvoker wrote. */
    record Response(int status, JsonNode headers, JsonNode json) {
        static Response of(String output) {
            JsonNode root = JSON.readTree(output);
            String body = root.path("body").asString("");
            return new Response(root.get("statusCode").asInt(), root.get("headers"),
                    body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body));
        }

        String header(String name) {
            JsonNode value = headers.get(name);
            return value == null ? null : value.asString();
        }

        Response expect(int expected) {
            assertThat(status).as("%s", json).isEqualTo(expected);
            return this;
        }
    }
}
