package com.eventplanner.booking.service;

import com.eventplanner.security.Role;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Bookings per second and p99 latency on ONE hot event with 32 concurrent clients through the booking API, against
 * the raw PostgreSQL ceiling measured in the same run: the same conditional seat UPDATE sent over JDBC by 32 threads
 * (autocommit). Everything — clients, service, PostgreSQL, Redis — shares this machine's cores.
 * <p>
 * {@code ./mvnw -q -f fargate-services/booking-service/pom.xml test -Dtest=BookingThroughputBenchmark -Dbenchmark=true}
 * (optional: {@code -Dbenchmark.seconds=15 -Dbenchmark.clients=32}).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // one attendee per client buys far beyond the anti-scalping cap here; the cap's upsert still runs
        "eventplanner.booking.max-seats-per-user-per-event=100000000", "logging.level.root=WARN",
        "eventplanner.cache.command-timeout=2s"})
class BookingThroughputBenchmark extends ServiceTest {

    private static final int CLIENTS = Integer.getInteger("benchmark.clients", 32);
    /** Long enough for the JIT to settle on two shared cores: it is the steady state that is compared. */
    private static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("benchmark.warmup", 20));
    private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("benchmark.seconds", 15));
    private static final int CAPACITY = 50_000_000;

    @Test
    void apiVersusRawPostgres() throws Exception {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        UUID apiEvent = openEvent(UUID.randomUUID(), CAPACITY, "10.00");
        List<User> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(user(Role.ATTENDEE));
        }
        run("api warm-up", WARMUP, client -> book(clients.get(client), apiEvent));
        Result api = run("api", MEASURE, client -> book(clients.get(client), apiEvent));

        UUID rawEvent = openEvent(UUID.randomUUID(), CAPACITY, "10.00");
        Connection[] connections = new Connection[CLIENTS];
        PreparedStatement[] updates = new PreparedStatement[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            connections[i] = DriverManager.getConnection(STACK.infra.jdbcUrl("booking"), STACK.infra.username(),
                    STACK.infra.password());
            connections[i].setAutoCommit(true);
            updates[i] = connections[i].prepareStatement(
                    "UPDATE inventory SET available = available - ? WHERE event_id = ? AND available >= ?");
            updates[i].setInt(1, 1);
            updates[i].setObject(2, rawEvent);
            updates[i].setInt(3, 1);
        }
        try {
            run("raw warm-up", WARMUP, client -> updated(updates[client]));
            Result raw = run("raw", MEASURE, client -> updated(updates[client]));

            System.out.println();
            System.out.printf(Locale.ROOT, "Hot event, %d concurrent clients, %d s each, %d cores%n", CLIENTS,
                    MEASURE.toSeconds(), Runtime.getRuntime().availableProcessors());
            System.out.println(api.line("booking API  POST /api/bookings"));
            System.out.println(raw.line("raw JDBC     conditional UPDATE"));
            System.out.printf(Locale.ROOT, "ratio API / raw PostgreSQL = %.2f (target >= 0.50)%n",
                    api.perSecond() / raw.perSecond());
            // clients, service, PostgreSQL and the SNS/SQS/MongoDB emulators share these cores with anything else
            System.out.printf(Locale.ROOT, "system load average %.1f before, %.1f after%n%n", loadBefore,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
        long oversold = jdbc.queryForObject("SELECT count(*) FROM inventory WHERE available < 0", Long.class);
        if (oversold != 0) {
            throw new AssertionError("inventory below zero");
        }
    }

    private boolean book(User user, UUID eventId) {
        Api.Response response = api.book(user.token(), UUID.randomUUID().toString(), body(eventId, 1));
        if (response.status() != 201) {
            throw new IllegalStateException("booking failed: " + response.status() + " " + response.raw().body());
        }
        return true;
    }

    private static boolean updated(PreparedStatement update) {
        try {
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    interface Operation {
        boolean run(int client) throws Exception;
    }

    record Result(int operations, double seconds, long[] latenciesNanos, String cpu) {

        double perSecond() {
            return operations / seconds;
        }

        double percentileMillis(double p) {
            int index = (int) Math.ceil(p * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, index)] / 1e6;
        }

        String line(String name) {
            return String.format(Locale.ROOT, "%-34s %9.0f bookings/s   p50 %7.2f ms   p99 %7.2f ms   (%d ops)%n   %s",
                    name, perSecond(), percentileMillis(0.50), percentileMillis(0.99), operations, cpu);
        }
    }

    /** CPU time so far of this JVM (clients, service, emulators), of its JIT compilers, and of PostgreSQL. */
    record Cpu(long jvmNanos, long jitMillis, long postgresNanos) {

        static Cpu now() {
            long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new Cpu(jvm, ManagementFactory.getCompilationMXBean().getTotalCompilationTime(),
                    processes("postgres"));
        }

        private static long processes(String command) {
            return ProcessHandle.allProcesses()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/" + command)).orElse(false))
                    .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        }

        String perOperation(Cpu before, int operations) {
            return String.format(Locale.ROOT,
                    "CPU per op: this JVM %.2f ms (of which JIT compiling %.2f ms), PostgreSQL %.2f ms",
                    (jvmNanos - before.jvmNanos) / 1e6 / operations,
                    (double) (jitMillis - before.jitMillis) / operations,
                    (postgresNanos - before.postgresNanos) / 1e6 / operations);
        }
    }

    private static Result run(String name, Duration duration, Operation operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger count = new AtomicInteger();
        List<Future<long[]>> futures = new ArrayList<>();
        long[] window = new long[2];
        for (int client = 0; client < CLIENTS; client++) {
            int id = client;
            futures.add(pool.submit(() -> {
                start.await();
                long[] latencies = new long[1024];
                int n = 0;
                while (System.nanoTime() < window[1]) {
                    long begin = System.nanoTime();
                    if (!operation.run(id)) {
                        throw new IllegalStateException(name + ": no seat taken");
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = System.nanoTime() - begin;
                    count.incrementAndGet();
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        Cpu before = Cpu.now();
        window[0] = System.nanoTime();
        window[1] = window[0] + duration.toNanos();
        start.countDown();
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> future : futures) {
            all.add(future.get(duration.toSeconds() + 120, TimeUnit.SECONDS));
        }
        double seconds = (System.nanoTime() - window[0]) / 1e9;
        pool.shutdown();
        long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(count.get(), seconds, latencies, Cpu.now().perOperation(before, count.get()));
    }
}
