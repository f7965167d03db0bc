package com.eventplanner.booking.service;

import com.eventplanner.security.Role;
import com.eventplanner.testsupport.ClosedLoopLoad;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Bookings per second and p99 latency on ONE hot event with 32 concurrent clients through the booking API, against
 * the raw PostgreSQL ceiling measured in the same run: the same conditional seat UPDATE sent over JDBC by 32 threads
 * (autocommit). Everything — clients, service, PostgreSQL, Redis, the SQS/SNS/MongoDB emulators — shares this
 * machine's cores; the CPU each side costs per booking is printed next to its throughput. Both sides' clients are
 * blocking sockets kept alive (JDBC; {@link KeepAliveClient} for HTTP), so neither pays much for its load generator.
 * <p>
 * {@code ./mvnw -q -pl fargate-services/booking-service -am test -Dtest=BookingThroughputBenchmark -Dbenchmark=true
 * -Dsurefire.failIfNoSpecifiedTests=false} (optional: {@code -Dbenchmark.warmup=60 -Dbenchmark.seconds=15
 * -Dbenchmark.clients=32}).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // one attendee per client buys far beyond the anti-scalping cap here; the cap's upsert still runs
        "eventplanner.booking.max-seats-per-user-per-event=100000000", "logging.level.root=WARN",
        "eventplanner.cache.command-timeout=2s"})
class BookingThroughputBenchmark extends ServiceTest {

    private static final int CLIENTS = Integer.getInteger("benchmark.clients", 32);
    /**
     * Long enough for the JIT to settle with the service and the SQS/SNS/MongoDB emulators in one JVM on two cores,
     * where its compiler thread competes with 32 busy clients: after 60 s it still spent 0.7 ms of CPU per booking
     * compiling, after 150 s 0.06 ms. It is the steady state that is compared.
     */
    private static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("benchmark.warmup", 150));
    private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("benchmark.seconds", 15));
    private static final int CAPACITY = 50_000_000;

    @Test
    void apiVersusRawPostgres() throws Exception {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        UUID apiEvent = openEvent(UUID.randomUUID(), CAPACITY, "10.00");
        List<User> clients = new ArrayList<>();
        List<KeepAliveClient> http = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(user(Role.ATTENDEE));
            http.add(new KeepAliveClient(port));
        }
        run(WARMUP, client -> book(http.get(client), clients.get(client), apiEvent));
        Measured api = run(MEASURE, client -> book(http.get(client), clients.get(client), apiEvent));
        for (KeepAliveClient connection : http) {
            connection.close();
        }

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
            run(WARMUP, client -> take(updates[client]));
            Measured raw = run(MEASURE, client -> take(updates[client]));

            System.out.println();
            System.out.printf(Locale.ROOT, "Hot event, %d concurrent clients, %d s each, %d cores%n", CLIENTS,
                    MEASURE.toSeconds(), Runtime.getRuntime().availableProcessors());
            System.out.println(api.line("booking API  POST /api/bookings"));
            System.out.println(raw.line("raw JDBC     conditional UPDATE"));
            System.out.printf(Locale.ROOT, "ratio API / raw PostgreSQL = %.2f (target >= 0.50)%n",
                    api.result().perSecond() / raw.result().perSecond());
            // what the ratio would be if only the system under test had the cores: the service's own threads,
            // PostgreSQL and Redis per booking, against the raw path's JDBC threads and PostgreSQL per UPDATE
            double apiOwn = api.cpu().service() + api.cpu().postgres() + api.cpu().redis();
            double rawOwn = raw.cpu().jvm() + raw.cpu().postgres();
            System.out.printf(Locale.ROOT, "CPU per booking of the system under test %.2f ms vs %.2f ms per raw "
                    + "UPDATE: ratio %.2f when clients and AWS stand-ins run elsewhere%n", apiOwn, rawOwn,
                    rawOwn / apiOwn);
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

    private static void book(KeepAliveClient http, User user, UUID eventId) throws IOException {
        KeepAliveClient.Response response = http.post("/api/bookings", body(eventId, 1),
                "Authorization", "Bearer " + user.token(), "Idempotency-Key", UUID.randomUUID().toString());
        if (response.status() != 201) {
            throw new IllegalStateException("booking failed: " + response.status() + " " + response.body());
        }
    }

    private static void take(PreparedStatement update) throws SQLException {
        if (update.executeUpdate() != 1) {
            throw new IllegalStateException("raw: no seat taken");
        }
    }

    /**
     * CPU time so far of this JVM, split by native thread ({@code /proc/self/task}, whose names are the first 15
     * characters of the Java thread names): the service's own threads (Tomcat, audit, outbox relay, Redis, pool), the
     * in-JVM stand-ins for SQS, SNS and DocumentDB, the JIT compilers, GC and VM threads, and the rest — the load
     * clients, whose pool threads are gone when a run ends; and of the PostgreSQL and redis-server processes.
     */
    record Cpu(long jvm, long service, long standIns, long jit, long gc, long postgres, long redis) {

        private static final Pattern SERVICE =
                Pattern.compile("http-nio.*|booking-audit|outbox-relay|lettuce.*|Hikari.*");
        private static final Pattern STAND_INS = Pattern.compile("elasticmq.*|pekko.*|local-sns.*|mongo-server.*");
        private static final Pattern JIT = Pattern.compile("C[12] CompilerThre.*");
        private static final Pattern GC = Pattern.compile("GC Thread.*|G1 .*|VM .*");
        /** Linux's USER_HZ: /proc counts CPU time in ticks of 10 ms. */
        private static final long NANOS_PER_TICK = 10_000_000L;

        static Cpu now() throws IOException {
            long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            long[] groups = new long[4];
            List<Pattern> patterns = List.of(SERVICE, STAND_INS, JIT, GC);
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    String stat;
                    try {
                        stat = Files.readString(task.resolve("stat"));
                    } catch (IOException e) {
                        continue; // the thread ended meanwhile
                    }
                    // "tid (name) state ..." — the name may hold spaces and parentheses, the fields after it do not
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    for (int g = 0; g < patterns.size(); g++) {
                        if (patterns.get(g).matcher(name).matches()) {
                            groups[g] += ticks * NANOS_PER_TICK;
                            break;
                        }
                    }
                }
            }
            return new Cpu(jvm, groups[0], groups[1], groups[2], groups[3], processes("postgres"),
                    processes("redis-server"));
        }

        private static long processes(String command) {
            return ProcessHandle.allProcesses()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/" + command)
                            || c.contains("/" + command + "-")).orElse(false))
                    .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        }

        /** CPU per operation since {@code before}, in milliseconds, by part. */
        PerOperation since(Cpu before, int operations) {
            double n = operations * 1e6;
            double total = (jvm - before.jvm) / n;
            double ownService = (service - before.service) / n;
            double ownStandIns = (standIns - before.standIns) / n;
            double ownJit = (jit - before.jit) / n;
            double ownGc = (gc - before.gc) / n;
            return new PerOperation(total, ownService, ownStandIns, ownJit, ownGc,
                    total - ownService - ownStandIns - ownJit - ownGc, (postgres - before.postgres) / n,
                    (redis - before.redis) / n);
        }

        record PerOperation(double jvm, double service, double standIns, double jit, double gc, double clients,
                            double postgres, double redis) {

            String line() {
                return String.format(Locale.ROOT, "CPU per op: this JVM %.2f ms (service threads %.2f, SQS/SNS/MongoDB "
                        + "stand-ins %.2f, JIT %.2f, GC and VM %.2f, load clients %.2f), PostgreSQL %.2f ms, "
                        + "redis-server %.2f ms", jvm, service, standIns, jit, gc, clients, postgres, redis);
            }
        }
    }

    /** A closed-loop run, and the CPU it cost per operation. */
    private static Measured run(Duration duration, ClosedLoopLoad.Step operation) throws Exception {
        Cpu before = Cpu.now();
        ClosedLoopLoad.Result result = ClosedLoopLoad.run(CLIENTS, duration, operation);
        return new Measured(result, Cpu.now().since(before, result.operations()));
    }

    record Measured(ClosedLoopLoad.Result result, Cpu.PerOperation cpu) {

        String line(String name) {
            return result.line(name, "bookings") + System.lineSeparator() + "   " + cpu.line();
        }
    }
}
