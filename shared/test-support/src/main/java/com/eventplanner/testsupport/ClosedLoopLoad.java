package com.eventplanner.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop load for benchmarks: each client calls an operation back to back for a fixed time; what the run
 * reports is operations per second over the whole window and the latency percentiles of every call.
 */
public final class ClosedLoopLoad {

    private ClosedLoopLoad() {
    }

    @FunctionalInterface
    public interface Step {
        void run(int client) throws Exception;
    }

    public record Result(int operations, double seconds, long[] latenciesNanos) {

        /** Two runs of one operation as one, e.g. rounds alternated with a baseline's so both see the same load. */
        public Result plus(Result other) {
            long[] merged = Arrays.copyOf(latenciesNanos, latenciesNanos.length + other.latenciesNanos.length);
            System.arraycopy(other.latenciesNanos, 0, merged, latenciesNanos.length, other.latenciesNanos.length);
            Arrays.sort(merged);
            return new Result(operations + other.operations, seconds + other.seconds, merged);
        }

        public double perSecond() {
            return operations / seconds;
        }

        public double percentileMillis(double p) {
            int index = (int) Math.ceil(p * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, index)] / 1e6;
        }

        /** One aligned line: {@code name  N unit/s  p50 ..  p99 ..  (n ops)}. */
        public String line(String name, String unit) {
            return String.format(Locale.ROOT, "%-44s %9.0f %s/s   p50 %7.2f ms   p99 %7.2f ms   (%d ops)",
                    name, perSecond(), unit, percentileMillis(0.50), percentileMillis(0.99), operations);
        }
    }

    public static Result run(int clients, Duration duration, Step operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch start = new CountDownLatch(1);
            long[] window = new long[2];
            List<Future<long[]>> futures = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int id = client;
                futures.add(pool.submit(() -> {
                    start.await();
                    long[] latencies = new long[1024];
                    int n = 0;
                    while (System.nanoTime() < window[1]) {
                        long begin = System.nanoTime();
                        operation.run(id);
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = System.nanoTime() - begin;
                    }
                    return Arrays.copyOf(latencies, n);
                }));
            }
            window[0] = System.nanoTime();
            window[1] = window[0] + duration.toNanos();
            start.countDown();
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> future : futures) {
                all.add(future.get(duration.toSeconds() + 120, TimeUnit.SECONDS));
            }
            double seconds = (System.nanoTime() - window[0]) / 1e9;
            long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(latencies.length, seconds, latencies);
        } finally {
            pool.shutdownNow();
        }
    }
}
