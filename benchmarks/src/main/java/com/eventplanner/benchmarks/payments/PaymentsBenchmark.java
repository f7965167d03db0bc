package com.eventplanner.benchmarks.payments;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.eventplanner.contracts.Destinations;
import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.localinfra.LocalSqsPoller;
import com.eventplanner.localstack.LocalStack;
import com.eventplanner.localstack.LocalStackClient;
import com.eventplanner.localstack.LocalStackClient.Response;
import com.eventplanner.testsupport.ClosedLoopLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Pay-to-CONFIRMED through the local stack's load balancer: 20 attendees, each paying its own fresh booking (the local
 * gateway's pm_card_visa) and polling booking-service until it reads CONFIRMED, so the figure covers the payments
 * API, booking-service's amount, the outbox, SNS, SQS, the event source mapping and PaymentCompletedBookingFunction.
 * In the same run and on the same stack, the bare SNS -> SQS -> consumer hop that payment.completed takes: 20
 * publishers on the payment topic, a queue subscribed to it, a consumer polling it as the stack's event sources do.
 * Then the payments API's requests/s (GET /api/payments/{id}, 20 closed-loop clients). Prints both and the ratio.
 */
public final class PaymentsBenchmark {

    private static final int ATTENDEES = 20;
    private static final String HOP_QUEUE = "benchmark-payment-hop";

    private final LocalStack stack;
    private final LocalStackClient client;

    private PaymentsBenchmark(LocalStack stack) {
        this.stack = stack;
        this.client = new LocalStackClient(stack.albUrl());
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 5);
        Path root = LocalStack.projectRoot();
        try (LocalStack stack = LocalStack.start(LocalStack.Settings.freePorts(root,
                root.resolve("benchmarks/target/payments-benchmark")))) {
            stack.awaitHealthy(Duration.ofMinutes(10));
            new PaymentsBenchmark(stack).run(rounds);
        }
    }

    private void run(int rounds) throws Exception {
        String admin = client.signUp("admin@eventplanner.local");
        String organizer = client.organizer("olga@benchmark.local", admin);
        List<String> attendees = new ArrayList<>();
        for (int i = 0; i < ATTENDEES; i++) {
            attendees.add(signUp("attendee-" + i + "@benchmark.local"));
        }
        String eventId = publishedEvent(organizer);
        // every function on the path started once (a cold start each) before anything is measured
        pay(attendees, eventId, 1);
        hop(1);

        long[] hop = hop(rounds);
        long started = System.nanoTime();
        Paid paid = pay(attendees, eventId, rounds);
        double payingSeconds = (System.nanoTime() - started) / 1e9;

        long[] confirmed = paid.confirmedNanos();
        System.out.printf(Locale.ROOT, "%npayments through the local stack, %d attendees x %d rounds, %d cores%n",
                ATTENDEES, rounds, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "  %-44s p50 %8.1f ms  p99 %8.1f ms  (%d payments)%n", "pay -> booking CONFIRMED",
                millis(confirmed, 0.50), millis(confirmed, 0.99), confirmed.length);
        System.out.printf(Locale.ROOT, "  %-44s p50 %8.1f ms  p99 %8.1f ms  (%d messages)%n",
                "baseline: bare SNS -> SQS -> consumer hop", millis(hop, 0.50), millis(hop, 0.99), hop.length);
        System.out.printf(Locale.ROOT, "  %-44s p50 %8.1f      p99 %8.1f%n", "ratio (pay-to-CONFIRMED / bare hop)",
                millis(confirmed, 0.50) / millis(hop, 0.50), millis(confirmed, 0.99) / millis(hop, 0.99));
        long[] posts = paid.postNanos();
        System.out.printf(Locale.ROOT, "  %-44s %8.1f req/s  p50 %8.1f ms  p99 %8.1f ms  (%d requests)%n",
                "POST /api/payments (20 attendees at once)", posts.length / payingSeconds, millis(posts, 0.50),
                millis(posts, 0.99), posts.length);
        // each client reads a payment of its own attendee: anyone else's is a 404
        ClosedLoopLoad.Result reads = ClosedLoopLoad.run(ATTENDEES, Duration.ofSeconds(10), id ->
                expect(client.call("GET", "/api/payments/" + paid.lastPaymentOf()[id], attendees.get(id), "",
                        Map.of()), 200));
        System.out.println("  " + reads.line("GET /api/payments/{id} (20 closed-loop)", "req"));
    }

    private record Paid(String[] lastPaymentOf, long[] postNanos, long[] confirmedNanos) {
    }

    /** Every attendee pays {@code rounds} bookings of the event one after another, all attendees at once. */
    private Paid pay(List<String> attendees, String eventId, int rounds) throws Exception {
        String[] lastPaymentOf = new String[attendees.size()];
        List<long[]> timings = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(attendees.size());
        try {
            List<Callable<Void>> payers = new ArrayList<>();
            for (int index = 0; index < attendees.size(); index++) {
                String attendee = attendees.get(index);
                int payer = index;
                payers.add(() -> {
                    for (int round = 0; round < rounds; round++) {
                        String bookingId = book(attendee, eventId);
                        long start = System.nanoTime();
                        Response paid = expect(call("POST", "/api/payments", attendee, "{\"bookingId\":\""
                                + bookingId + "\",\"paymentMethod\":\"pm_card_visa\"}",
                                Map.of("Idempotency-Key", UUID.randomUUID().toString())), 201);
                        long answered = System.nanoTime();
                        while (!"CONFIRMED".equals(call("GET", "/api/bookings/" + bookingId, attendee, "",
                                Map.of()).json().path("status").asString())) {
                            Thread.sleep(20);
                        }
                        long confirmed = System.nanoTime();
                        lastPaymentOf[payer] = paid.json().path("id").asString();
                        synchronized (timings) {
                            timings.add(new long[] {answered - start, confirmed - start});
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> payer : pool.invokeAll(payers)) {
                payer.get();
            }
        } finally {
            pool.shutdown();
        }
        return new Paid(lastPaymentOf, timings.stream().mapToLong(t -> t[0]).toArray(),
                timings.stream().mapToLong(t -> t[1]).toArray());
    }

    /**
     * The bare hop: {@code rounds} messages from each of 20 publishers to the payment topic, each timed from the
     * publish call to its receipt by a consumer polling a queue subscribed to the topic.
     */
    private long[] hop(int rounds) throws Exception {
        LocalInfrastructure infra = stack.infrastructure();
        String url = infra.sqsClient().createQueue(b -> b.queueName(HOP_QUEUE)).queueUrl();
        String arn = infra.sqsClient().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        String topic = infra.topicArn(Destinations.PAYMENT_TOPIC);
        infra.snsClient().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(arn).attributes(Map.of(
                "RawMessageDelivery", "true", "FilterPolicy", "{\"type\": [\"benchmark.hop\"]}")));
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> received = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(ATTENDEES * rounds);
        try (LocalSqsPoller consumer = LocalSqsPoller.builder(infra.sqsClient(), url, (SQSEvent batch) -> {
            long now = System.nanoTime();
            batch.getRecords().forEach(record -> {
                if (received.putIfAbsent(record.getBody(), now) == null) {
                    all.countDown();
                }
            });
            return new SQSBatchResponse(List.of());
        }).queueArn(arn).region(infra.region()).waitTime(Duration.ofSeconds(2)).build()) {
            consumer.start();
            ExecutorService publishers = Executors.newFixedThreadPool(ATTENDEES);
            try {
                List<Callable<Void>> tasks = new ArrayList<>();
                for (int p = 0; p < ATTENDEES; p++) {
                    tasks.add(() -> {
                        for (int i = 0; i < rounds; i++) {
                            String body = UUID.randomUUID().toString();
                            sent.put(body, System.nanoTime());
                            infra.snsClient().publish(b -> b.topicArn(topic).message(body).messageAttributes(Map.of(
                                    "type", MessageAttributeValue.builder().dataType("String")
                                            .stringValue("benchmark.hop").build())));
                        }
                        return null;
                    });
                }
                for (Future<Void> task : publishers.invokeAll(tasks)) {
                    task.get();
                }
            } finally {
                publishers.shutdown();
            }
            if (!all.await(2, java.util.concurrent.TimeUnit.MINUTES)) {
                throw new IllegalStateException("the bare hop lost messages: " + all.getCount() + " not received");
            }
        }
        return sent.entrySet().stream().mapToLong(e -> received.get(e.getKey()) - e.getValue()).toArray();
    }

    private String publishedEvent(String organizer) throws InterruptedException {
        String body = """
                {"title": "Benchmark Night", "description": "Pay-to-confirmed benchmark",
                 "venue": {"name": "Hall", "address": "Street 1", "city": "Berlin"},
                 "startsAt": "2031-05-16T18:00:00Z", "endsAt": "2031-05-16T22:00:00Z", "timeZone": "Europe/Berlin",
                 "capacity": 2000, "price": {"amount": 49.90, "currency": "EUR"}}""";
        String eventId = expect(call("POST", "/api/events", organizer, body, Map.of()), 201).json()
                .path("id").asString();
        expect(call("POST", "/api/events/" + eventId + "/publish", organizer, "", Map.of()), 200);
        return eventId;
    }

    /** A booking of one seat; waits while the inventory is not open yet (event.created still on its way). */
    private String book(String attendee, String eventId) throws InterruptedException {
        while (true) {
            Response booked = call("POST", "/api/bookings", attendee, "{\"eventId\":\"" + eventId
                    + "\",\"quantity\":1}", Map.of("Idempotency-Key", UUID.randomUUID().toString()));
            if (booked.status() == 201) {
                return booked.json().path("id").asString();
            }
            if (booked.status() != 404) {
                throw new IllegalStateException("booking answered " + booked.status() + ": " + booked.body());
            }
            Thread.sleep(500);
        }
    }

    /** auth-service takes 20 registrations a minute from one address: past them, wait for the next window. */
    private String signUp(String email) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.signUp(email);
            } catch (IllegalStateException e) {
                if (attempt == 8 || e.getMessage() == null || !e.getMessage().contains("answered 429")) {
                    throw e;
                }
                Thread.sleep(10_000);
            }
        }
    }

    /**
     * A call retried while it answers 502 or 503: locally a function's first invocation is a full cold start (no
     * SnapStart), which on a busy machine can outlast the function's Timeout, and a busy auth-service can be slower
     * than a verifier's JWKS timeout. Retries keep their body and headers, so a payment keeps its Idempotency-Key and
     * is charged once.
     */
    private Response call(String method, String path, String token, String body, Map<String, String> headers)
            throws InterruptedException {
        Response response = client.call(method, path, token, body, headers);
        for (int retry = 0; retry < 5 && (response.status() == 502 || response.status() == 503); retry++) {
            Thread.sleep(2_000);
            response = client.call(method, path, token, body, headers);
        }
        return response;
    }

    private static Response expect(Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.status() + ": "
                    + response.body());
        }
        return response;
    }

    private static double millis(long[] nanos, double percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = Math.max(0, (int) Math.ceil(percentile * sorted.length) - 1);
        return sorted[index] / 1e6;
    }
}
