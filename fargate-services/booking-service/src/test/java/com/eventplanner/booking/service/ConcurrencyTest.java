package com.eventplanner.booking.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** No overbooking under concurrent HTTP load: the must-show of issue 4. */
class ConcurrencyTest extends ServiceTest {

    @Test
    void twoHundredConcurrentRequestsForFiftySeatsSellExactlyFifty() throws Exception {
        UUID eventId = openEvent(UUID.randomUUID(), 50, "25.00");
        List<User> users = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            users.add(user());
        }
        InventoryWatch watch = new InventoryWatch(eventId);

        List<Api.Response> responses = all(users.stream().<Callable<Api.Response>>map(u ->
                () -> api.book(u.token(), UUID.randomUUID().toString(), body(eventId, 1))).toList());
        watch.stop();

        Map<Integer, Integer> byStatus = countByStatus(responses);
        assertThat(byStatus).containsOnlyKeys(201, 409).containsEntry(201, 50).containsEntry(409, 150);
        responses.stream().filter(r -> r.status() == 409).forEach(r -> {
            assertThat(r.header("Content-Type")).contains("application/problem+json");
            assertThat(r.text("type")).isEqualTo("https://eventplanner.local/problems/sold-out");
        });
        assertThat(available(eventId)).isZero();
        assertThat(seats(eventId, "PENDING_PAYMENT")).isEqualTo(50);
        assertThat(watch.minimumSeen()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void mixedQuantitiesAndCancellationsNeverOversell() throws Exception {
        int capacity = 50;
        UUID eventId = openEvent(UUID.randomUUID(), capacity, "25.00");
        AtomicInteger booked = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        InventoryWatch watch = new InventoryWatch(eventId);
        List<Callable<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int quantity = 1 + i % 4;
            boolean cancelAfterwards = i % 3 == 0;
            User user = user();
            calls.add(() -> {
                Api.Response response = api.book(user.token(), UUID.randomUUID().toString(), body(eventId, quantity));
                if (response.status() == 201) {
                    booked.addAndGet(quantity);
                    if (cancelAfterwards) {
                        Api.Response cancel = api.post("/api/bookings/" + response.text("id") + "/cancel",
                                user.token());
                        assertThat(cancel.status()).isEqualTo(200);
                        cancelled.addAndGet(quantity);
                    }
                } else {
                    assertThat(response.status()).isEqualTo(409);
                    assertThat(response.text("type")).endsWith("/sold-out");
                    refused.incrementAndGet();
                }
                return response;
            });
        }

        all(calls);
        watch.stop();

        int held = seats(eventId, "PENDING_PAYMENT");
        assertThat(held).isEqualTo(booked.get() - cancelled.get()).isLessThanOrEqualTo(capacity);
        assertThat(available(eventId)).isEqualTo(capacity - held).isGreaterThanOrEqualTo(0);
        assertThat(seats(eventId, "CANCELLED")).isEqualTo(cancelled.get());
        // 200 requests for 500 seats: cancellations free seats, but far from all requests can be served
        assertThat(refused.get()).isPositive();
        assertThat(cancelled.get()).isPositive();
        assertThat(watch.minimumSeen()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void twentyConcurrentIdenticalRequestsUnderOneKeyMakeOneBooking() throws Exception {
        UUID eventId = openEvent(UUID.randomUUID(), 100, "25.00");
        User user = user();
        String key = "retry-" + UUID.randomUUID();
        List<Callable<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> api.book(user.token(), key, body(eventId, 2)));
        }

        List<Api.Response> responses = all(calls);

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
        assertThat(responses.stream().map(r -> r.raw().body()).distinct()).hasSize(1);
        assertThat(responses.stream().filter(r -> r.header("Idempotent-Replayed").orElse("").equals("false")))
                .hasSize(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM booking WHERE user_id = ?", Integer.class, user.id()))
                .isEqualTo(1);
        assertThat(available(eventId)).isEqualTo(98);
    }

    private static List<Api.Response> all(List<Callable<Api.Response>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (Callable<Api.Response> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> future : futures) {
                responses.add(future.get(120, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<Integer, Integer> countByStatus(List<Api.Response> responses) {
        Map<Integer, Integer> counts = new ConcurrentHashMap<>();
        responses.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        return counts;
    }

    /** Samples the seat counter while the load runs: it must never be seen below zero. */
    private final class InventoryWatch {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger minimum = new AtomicInteger(Integer.MAX_VALUE);
        private final Thread thread;

        InventoryWatch(UUID eventId) {
            thread = new Thread(() -> {
                while (running.get()) {
                    minimum.accumulateAndGet(available(eventId), Math::min);
                }
            });
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        int minimumSeen() {
            return minimum.get();
        }
    }
}
