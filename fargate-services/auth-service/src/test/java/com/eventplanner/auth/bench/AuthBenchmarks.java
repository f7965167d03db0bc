package com.eventplanner.auth.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import com.eventplanner.auth.AuthProperties;
import com.eventplanner.auth.account.PasswordHasher;
import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.testsupport.ContainerImage;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One command, printed figures: {@code ./mvnw -f fargate-services/auth-service/pom.xml -Pbenchmarks verify}.
 * <ol>
 *   <li>Argon2id hash time at the configured parameters (in this JVM);</li>
 *   <li>the packaged service in its own JVM with the Dockerfile's JVM settings and {@code -XX:MaxRAM=512m} (a 512 MB
 *       task), on local PostgreSQL/Redis/MongoDB-wire: login, refresh and token verification ({@code GET /me}) with
 *       50 closed-loop clients (saturation: throughput, p50, p99), refresh again with 50 open-loop clients at a stated
 *       rate (latency from the intended send time), and the service's peak RSS;</li>
 *   <li>JMH: JWKS-cached verification on one thread.</li>
 * </ol>
 * Rate limits are raised for the run: the clients would otherwise be limited, which is what production wants.
 */
public final class AuthBenchmarks {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final String PASSWORD = "benchmark password 1";
    private static final int CLIENTS = Integer.getInteger("bench.clients", 50);
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 5));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 15));
    /**
     * Total refreshes/s offered in the open-loop phase: 2/s per client, itself ~1,800 times the pace of a real client
     * (one refresh per 15-minute access token), yet well below this machine's saturation when it is quiet.
     */
    private static final double OPEN_LOOP_RATE = Double.parseDouble(System.getProperty("bench.openLoopRate", "100"));
    private static final String TARGETS = """
            Which line meets which target:
              - refresh p99 < 25 ms: the open-loop line, 50 clients each refreshing at a steady pace. The closed-loop line
                keeps 50 requests in flight with no think time, so by Little's law its mean latency is 50 / throughput
                (25 ms would take 2,000 refreshes/s; each costs one RSA-2048 signature, ~0.9 ms of CPU by itself, on 2
                cores shared with the load generator, PostgreSQL and Redis): it reports capacity, not this target.
              - verification >= 20,000 tokens/s: the fullCheckRs256 lines (one thread, no verified-token cache): JMH on a
                quiet machine, the CPU-time line on a busy one.
              - RSS < 400 MB: the peak over all the HTTP phases, with the container's JVM flags.""";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;

    public static void main(String[] args) throws Exception {
        new AuthBenchmarks().run(Path.of(args.length > 0 ? args[0] : "target"));
    }

    private void run(Path target) throws Exception {
        List<String> report = new ArrayList<>();
        String loadAtStart = loadAverage();
        report.add(argon2());

        Path jar;
        try (var files = Files.list(target)) {
            jar = files.filter(p -> p.getFileName().toString().matches("auth-service-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no packaged jar in " + target + "; run package first"));
        }
        try (LocalInfrastructure infra = LocalInfrastructure.start()) {
            Process app = startService(jar, infra, target.resolve("bench-state"));
            try {
                RssSampler rss = new RssSampler(app.pid());
                rss.start();
                List<String[]> users = seedUsers();
                report.add(measure("login", users, user -> post("/api/auth/login",
                        "{\"email\":\"" + user[0] + "\",\"password\":\"" + PASSWORD + "\"}", null)).line());
                Call refresh = user -> {
                    HttpResponse<String> response = post("/api/auth/refresh",
                            "{\"refreshToken\":\"" + user[2] + "\"}", null);
                    if (response.statusCode() == 200) {
                        JsonNode tokens = JSON.readTree(response.body());
                        user[1] = tokens.path("accessToken").asString();
                        user[2] = tokens.path("refreshToken").asString();
                    }
                    return response;
                };
                Measured saturated = measure("refresh", users, refresh);
                report.add(saturated.line() + "   <- saturation (closed loop, no think time)");
                report.add(measureOpenLoop("refresh", users, refresh).line() + "   <- compared with the p99 < 25 ms target");
                report.add(String.format(Locale.ROOT, "    open-loop load = %.0f%% of the saturation throughput%s",
                        100 * OPEN_LOOP_RATE / saturated.throughput(), OPEN_LOOP_RATE > 0.7 * saturated.throughput()
                                ? " (above 70%: the machine is too busy for this rate, queueing dominates)" : ""));
                report.add(measure("verify (GET /me)", users, user -> get("/api/auth/me", user[1])).line());
                rss.interrupt();
                report.add(String.format(Locale.ROOT, "service peak RSS under load: %d MB (target < 400 MB) with "
                        + "JAVA_TOOL_OPTIONS=\"%s\" MALLOC_ARENA_MAX=%s -XX:MaxRAM=512m", rss.peakKb.get() / 1024,
                        ContainerImage.javaToolOptions(), ContainerImage.mallocArenaMax()));
                report.add(nativeMemory(app.pid()));
            } finally {
                app.destroy();
                app.waitFor();
            }
        }
        report.add(jmh());
        report.add(verificationCpuTime());
        report.add(TARGETS);
        System.out.println();
        System.out.println("==== auth-service benchmark (" + Runtime.getRuntime().availableProcessors()
                + " CPUs visible, 1-minute load average " + loadAtStart + " at the start, " + loadAverage()
                + " at the end) ====");
        report.forEach(System.out::println);
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static String argon2() {
        PasswordHasher hasher = new PasswordHasher(new AuthProperties.Password(19456, 2, 1, 1));
        for (int i = 0; i < 5; i++) {
            hasher.hash("warm-up");
        }
        long[] nanos = new long[30];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            hasher.hash("benchmark password " + i);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return String.format(Locale.ROOT, "Argon2id m=19456 KiB t=2 p=1, one hash: p50 %.1f ms, max %.1f ms (%d runs)",
                nanos[nanos.length / 2] / 1e6, nanos[nanos.length - 1] / 1e6, nanos.length);
    }

    private Process startService(Path jar, LocalInfrastructure infra, Path state) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        // MaxRAM makes the Dockerfile's percentages mean what they mean in a 512 MB task; NMT only reports
        List<String> command = new ArrayList<>(List.of("java", "-XX:MaxRAM=512m", "-XX:NativeMemoryTracking=summary",
                "-jar", jar.toString(),
                "--spring.profiles.active=local",
                "--server.port=" + port,
                "--spring.datasource.url=" + infra.jdbcUrl("auth"),
                "--spring.datasource.username=" + infra.username(),
                "--spring.datasource.password=" + infra.password(),
                "--eventplanner.redis.url=" + infra.redisUri(),
                "--eventplanner.mongodb.uri=" + infra.mongoUri(),
                "--eventplanner.auth.signing-key.file=" + state.resolve("auth-signing-key.json"),
                "--eventplanner.auth.notification.mailbox-dir=" + state.resolve("mailbox"),
                "--logging.level.root=WARN"));
        for (String limit : List.of("register-per-account", "register-per-ip", "login-per-account", "login-per-ip", "otp-verify-per-account",
                "otp-verify-per-ip", "otp-resend-per-account", "otp-resend-per-ip")) {
            command.add("--eventplanner.auth.rate-limit." + limit + "=100000000");
        }
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        // the container's settings, taken from the Dockerfile (the template's task definition is checked to match it)
        builder.environment().put("JAVA_TOOL_OPTIONS", ContainerImage.javaToolOptions());
        builder.environment().put("MALLOC_ARENA_MAX", ContainerImage.mallocArenaMax());
        Process process = builder.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("auth-service exited with " + process.exitValue());
            }
            try {
                if (get("/actuator/health/readiness", null).statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        process.destroy();
        throw new IllegalStateException("auth-service did not become ready");
    }

    /** One verified account per client: {email, accessToken, refreshToken}. */
    private List<String[]> seedUsers() throws Exception {
        List<String[]> users = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String email = "bench-" + i + "-" + System.nanoTime() + "@example.com";
            check(post("/api/auth/register", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                    + "\",\"fullName\":\"Bench " + i + "\"}", null), 202);
            JsonNode mails = JSON.readTree(get("/api/auth/local/mailbox/" + email, null).body());
            Matcher code = CODE.matcher(mails.get(mails.size() - 1).path("body").asString());
            code.find();
            check(post("/api/auth/verify", "{\"email\":\"" + email + "\",\"code\":\"" + code.group(1)
                    + "\",\"password\":\"" + PASSWORD + "\"}", null), 200);
            JsonNode tokens = JSON.readTree(check(post("/api/auth/login",
                    "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}", null), 200).body());
            users.add(new String[] {email, tokens.path("accessToken").asString(), tokens.path("refreshToken").asString()});
        }
        return users;
    }

    private interface Call {
        HttpResponse<String> call(String[] user) throws Exception;
    }

    /** Every client loops its call for warm-up + measurement; only calls started in the measurement window count. */
    private record Measured(double throughput, String line) {
    }

    private Measured measure(String name, List<String[]> users, Call call) throws Exception {
        long measureFrom = System.nanoTime() + WARMUP.toNanos();
        long end = measureFrom + MEASURE.toNanos();
        List<long[]> perClient = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong counted = new AtomicLong();
        CountDownLatch done = new CountDownLatch(users.size());
        for (String[] user : users) {
            long[] latencies = new long[200_000];
            perClient.add(latencies);
            Thread thread = new Thread(() -> {
                int n = 0;
                try {
                    while (true) {
                        long start = System.nanoTime();
                        if (start >= end) {
                            break;
                        }
                        int status;
                        try {
                            status = call.call(user).statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        long took = System.nanoTime() - start;
                        if (start >= measureFrom && n < latencies.length - 1) {
                            latencies[n++] = took;
                            counted.incrementAndGet();
                            if (status != 200) {
                                errors.incrementAndGet();
                            }
                        }
                    }
                } finally {
                    latencies[latencies.length - 1] = n;
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        long total = counted.get();
        long[] all = new long[(int) total];
        int at = 0;
        for (long[] latencies : perClient) {
            int n = (int) latencies[latencies.length - 1];
            System.arraycopy(latencies, 0, all, at, n);
            at += n;
        }
        Arrays.sort(all, 0, at);
        double throughput = at / (double) MEASURE.toSeconds();
        return new Measured(throughput, String.format(Locale.ROOT,
                "%-17s %d clients: %8.1f req/s   p50 %7.1f ms   p99 %7.1f ms   errors %d of %d", name, users.size(),
                throughput, percentile(all, at, 0.50), percentile(all, at, 0.99), errors.get(), at));
    }

    /**
     * Open loop: every client sends on a fixed schedule ({@code OPEN_LOOP_RATE} requests/s in total, spread evenly over
     * the clients and phase-shifted between them) whatever the answers take, and each latency runs from the intended
     * send time, so a stalled server is charged for every request it delayed (no coordinated omission).
     */
    private Measured measureOpenLoop(String name, List<String[]> users, Call call) throws Exception {
        long intervalNanos = (long) (1e9 * users.size() / OPEN_LOOP_RATE);
        long startAt = System.nanoTime() + Duration.ofMillis(100).toNanos();
        long measureFrom = startAt + WARMUP.toNanos();
        long end = measureFrom + MEASURE.toNanos();
        List<long[]> perClient = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(users.size());
        for (int c = 0; c < users.size(); c++) {
            String[] user = users.get(c);
            long first = startAt + intervalNanos * c / users.size();
            long[] latencies = new long[(int) (MEASURE.toNanos() / intervalNanos) + 2];
            perClient.add(latencies);
            Thread thread = new Thread(() -> {
                int n = 0;
                try {
                    for (long intended = first; intended < end; intended += intervalNanos) {
                        long wait = intended - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        int status;
                        try {
                            status = call.call(user).statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        if (intended >= measureFrom && n < latencies.length - 1) {
                            latencies[n++] = System.nanoTime() - intended;
                            if (status != 200) {
                                errors.incrementAndGet();
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    latencies[latencies.length - 1] = n;
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        int total = 0;
        for (long[] latencies : perClient) {
            total += (int) latencies[latencies.length - 1];
        }
        long[] all = new long[total];
        int at = 0;
        for (long[] latencies : perClient) {
            int n = (int) latencies[latencies.length - 1];
            System.arraycopy(latencies, 0, all, at, n);
            at += n;
        }
        Arrays.sort(all);
        double throughput = at / (double) MEASURE.toSeconds();
        return new Measured(throughput, String.format(Locale.ROOT, "%-17s %d clients at %.0f req/s offered (open loop, "
                        + "%.1f/s each): %6.1f req/s   p50 %7.1f ms   p99 %7.1f ms   errors %d of %d", name, users.size(),
                OPEN_LOOP_RATE, OPEN_LOOP_RATE / users.size(), throughput, percentile(all, at, 0.50),
                percentile(all, at, 0.99), errors.get(), at));
    }

    private static double percentile(long[] sorted, int n, double p) {
        return n == 0 ? Double.NaN : sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1)] / 1e6;
    }

    /** Where the service's memory went (JVM native memory tracking, committed), to see what to trim. */
    private static String nativeMemory(long pid) throws Exception {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "VM.native_memory", "summary", "scale=MB")
                .redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor();
        StringBuilder summary = new StringBuilder("service native memory (committed MB):");
        Matcher line = Pattern.compile("(?m)^-?\\s*(Total|Java Heap|Class|Thread|Code|GC|Compiler|Internal|Other|Symbol|"
                + "Arena Chunk|Metaspace)\\b.*?committed=(\\d+)MB").matcher(output);
        while (line.find()) {
            summary.append(' ').append(line.group(1)).append('=').append(line.group(2));
        }
        return summary.toString();
    }

    private static String jmh() throws Exception {
        var options = new OptionsBuilder()
                .include(JwtVerificationBenchmark.class.getName() + ".*")
                .forks(1)
                .threads(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .build();
        StringBuilder lines = new StringBuilder();
        for (RunResult result : new Runner(options).run()) {
            var score = result.getPrimaryResult();
            lines.append(String.format(Locale.ROOT, "JMH %-34s (1 thread): %12.0f ± %.0f tokens/s%n",
                    result.getParams().getBenchmark().replaceAll(".*\\.", ""), score.getScore(), score.getScoreError()));
        }
        return lines.append("    (target >= 20,000 tokens/s applies to the full check)").toString();
    }

    /**
     * The JMH full RS256 check again, timed in CPU time of the verifying thread rather than wall time: on a shared
     * machine JMH's single thread gets a fraction of a core and its tokens/s says more about the neighbours than about
     * the code. Best of five rounds (the others include JIT and interference).
     */
    private static String verificationCpuTime() throws Exception {
        JwtVerificationBenchmark bench = new JwtVerificationBenchmark();
        bench.setUp();
        try {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            int perRound = 20_000;
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < perRound; i++) {
                    bench.fullCheckRs256();
                }
                best = Math.min(best, threads.getCurrentThreadCpuTime() - start);
            }
            return String.format(Locale.ROOT, "fullCheckRs256 in CPU time (best of 5 x %,d): %.1f us per token = %,.0f "
                    + "tokens/s per core", perRound, best / 1e3 / perRound, perRound * 1e9 / best);
        } finally {
            bench.tearDown();
        }
    }

    private HttpResponse<String> post(String path, String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(request, bearer);
    }

    private HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), bearer);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String bearer) throws IOException, InterruptedException {
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> check(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + " but got " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    /** Peak resident set size of the service process, sampled every 200 ms from /proc. */
    private static final class RssSampler extends Thread {
        private final long pid;
        private final AtomicLong peakKb = new AtomicLong();

        RssSampler(long pid) {
            this.pid = pid;
            setDaemon(true);
        }

        @Override
        public void run() {
            Path status = Path.of("/proc/" + pid + "/status");
            while (!isInterrupted()) {
                try {
                    for (String line : Files.readAllLines(status)) {
                        if (line.startsWith("VmRSS:")) {
                            long kb = Long.parseLong(line.replaceAll("\\D", ""));
                            peakKb.accumulateAndGet(kb, Math::max);
                        }
                    }
                    Thread.sleep(200);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }
    }
}
