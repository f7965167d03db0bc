package com.eventplanner.auth.bench;

import java.io.IOException;
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

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One command, printed figures: {@code ./mvnw -f fargate-services/auth-service/pom.xml -Pbenchmarks verify}.
 * <ol>
 *   <li>Argon2id hash time at the configured parameters (in this JVM);</li>
 *   <li>the packaged service in its own JVM with the container's memory flags and {@code -XX:MaxRAM=512m} (a 512 MB
 *       task), on local PostgreSQL/Redis/MongoDB-wire: login, refresh and token verification ({@code GET /me}) with
 *       50 concurrent clients: throughput, p50, p99, and the service's peak RSS;</li>
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

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;

    public static void main(String[] args) throws Exception {
        new AuthBenchmarks().run(Path.of(args.length > 0 ? args[0] : "target"));
    }

    private void run(Path target) throws Exception {
        List<String> report = new ArrayList<>();
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
                        "{\"email\":\"" + user[0] + "\",\"password\":\"" + PASSWORD + "\"}", null)));
                report.add(measure("refresh", users, user -> {
                    HttpResponse<String> response = post("/api/auth/refresh",
                            "{\"refreshToken\":\"" + user[2] + "\"}", null);
                    if (response.statusCode() == 200) {
                        JsonNode tokens = JSON.readTree(response.body());
                        user[1] = tokens.path("accessToken").asString();
                        user[2] = tokens.path("refreshToken").asString();
                    }
                    return response;
                }));
                report.add(measure("verify (GET /me)", users, user -> get("/api/auth/me", user[1])));
                rss.interrupt();
                report.add(String.format(Locale.ROOT, "service peak RSS under load: %d MB (limit target < 400 MB)",
                        rss.peakKb.get() / 1024));
                report.add(nativeMemory(app.pid()));
            } finally {
                app.destroy();
                app.waitFor();
            }
        }
        report.add(jmh());
        System.out.println();
        System.out.println("==== auth-service benchmark (" + Runtime.getRuntime().availableProcessors()
                + " CPUs visible, load average " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + ") ====");
        report.forEach(System.out::println);
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
        // the Dockerfile's flags; MaxRAM makes the percentages mean what they mean in a 512 MB task
        List<String> command = new ArrayList<>(List.of("java", "-XX:MaxRAM=512m", "-XX:MaxRAMPercentage=40",
                "-XX:InitialRAMPercentage=20", "-Xss512k", "-XX:MaxMetaspaceSize=128m", "-XX:ReservedCodeCacheSize=48m",
                "-XX:MaxDirectMemorySize=48m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-XX:NativeMemoryTracking=summary",
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
        builder.environment().put("MALLOC_ARENA_MAX", "2");
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
            check(post("/api/auth/verify", "{\"email\":\"" + email + "\",\"code\":\"" + code.group(1) + "\"}", null), 200);
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
    private String measure(String name, List<String[]> users, Call call) throws Exception {
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
        return String.format(Locale.ROOT, "%-17s %d clients: %8.1f req/s   p50 %7.1f ms   p99 %7.1f ms   errors %d of %d",
                name, users.size(), at / (double) MEASURE.toSeconds(), percentile(all, at, 0.50),
                percentile(all, at, 0.99), errors.get(), at);
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
