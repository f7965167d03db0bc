package com.eventplanner.event;

import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.testsupport.ClosedLoopLoad;
import com.eventplanner.testsupport.Fixtures;
import com.eventplanner.testsupport.LambdaInvocations;
import com.eventplanner.testsupport.WithLocalInfrastructure;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/events/{id}} throughput and latency with the {@code event:<id>} cache warm, against cache misses
 * measured in the same run. Every call is the ALB's request JSON (events/event-api/get.json, anonymous, the id
 * swapped in) pushed through the real {@link FunctionInvoker} of {@code eventApi}, the way the Lambda runtime hands
 * it over, against embedded PostgreSQL and Redis. The cached run cycles over a few events read once before; the
 * uncached baseline reads each event once, so every call misses (PostgreSQL read, then the entry written back) and
 * both runs do exactly the same client-side work. One client by default, because one Lambda execution environment
 * serves one request at a time; everything shares this machine's cores.
 * <p>
 * {@code ./mvnw -q -pl functions/event-functions -am test -Dtest=EventReadBenchmark -Dbenchmark=true
 * -Dsurefire.failIfNoSpecifiedTests=false} (optional: {@code -Dbenchmark.seconds=20 -Dbenchmark.rounds=10
 * -Dbenchmark.clients=1}).
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@WithLocalInfrastructure
class EventReadBenchmark {

    private static final int CLIENTS = Integer.getInteger("benchmark.clients", 1);
    private static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("benchmark.warmup", 5));
    private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("benchmark.seconds", 20));
    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 10);
    private static final int WARM_EVENTS = 100;
    /** More events than the uncached runs can read at a few thousand requests per second. */
    private static final int COLD_EVENTS = 4_000 * (int) (WARMUP.toSeconds() + MEASURE.toSeconds());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void cachedVersusUncachedGet(LocalInfrastructure infra) throws Exception {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String request = Fixtures.load("event-api/get.json");
        try (TestTokens tokens = new TestTokens()) {
            // Invokers migrates the event database first, as a deployment has
            FunctionInvoker invoker = Invokers.start("eventApi", infra, tokens);
            List<String> warm = publishedEvents(infra, WARM_EVENTS);
            List<String> cold = publishedEvents(infra, COLD_EVENTS);
            AtomicInteger nextWarm = new AtomicInteger();
            AtomicInteger nextCold = new AtomicInteger();
            ClosedLoopLoad.Step cached = client ->
                    get(invoker, request, warm.get(nextWarm.getAndIncrement() % WARM_EVENTS));
            ClosedLoopLoad.Step uncached = client -> get(invoker, request, cold.get(nextCold.getAndIncrement()));

            ClosedLoopLoad.run(CLIENTS, WARMUP, uncached);
            ClosedLoopLoad.run(CLIENTS, WARMUP, cached);
            // short rounds, alternated: a load change on this shared machine then hits both sides alike
            Duration round = MEASURE.dividedBy(ROUNDS);
            ClosedLoopLoad.Result hits = ClosedLoopLoad.run(CLIENTS, round, cached);
            ClosedLoopLoad.Result misses = ClosedLoopLoad.run(CLIENTS, round, uncached);
            for (int i = 1; i < ROUNDS; i++) {
                hits = hits.plus(ClosedLoopLoad.run(CLIENTS, round, cached));
                misses = misses.plus(ClosedLoopLoad.run(CLIENTS, round, uncached));
            }

            System.out.println();
            System.out.printf(Locale.ROOT, "GET /api/events/{id} through FunctionInvoker (ALB request JSON), %d "
                    + "client(s), %d s each in %d alternated rounds, %d cores%n", CLIENTS, MEASURE.toSeconds(),
                    ROUNDS, Runtime.getRuntime().availableProcessors());
            System.out.println(hits.line("cached    event:<id> hit in Redis", "req"));
            System.out.println(misses.line("uncached  miss: PostgreSQL, then Redis SET", "req"));
            System.out.printf(Locale.ROOT, "cached / uncached throughput = %.2f%n",
                    hits.perSecond() / misses.perSecond());
            System.out.printf(Locale.ROOT, "system load average %.1f before, %.1f after%n%n", loadBefore,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void get(FunctionInvoker invoker, String request, String eventId) {
        String response = LambdaInvocations.invoke(invoker, "event-api",
                request.replace(EventApiFunctionTest.FIXTURE_EVENT_ID, eventId));
        // 200 with the event itself, so a fast error path can never pass for a fast read
        JsonNode alb = JSON.readTree(response);
        if (alb.get("statusCode").asInt() != 200 || !alb.get("body").asString().contains(eventId)) {
            throw new IllegalStateException("GET failed: " + response);
        }
    }

    /** Published events written straight into the catalogue: the API's own create/publish path is not measured. */
    private static List<String> publishedEvents(LocalInfrastructure infra, int count) {
        return new JdbcTemplate(infra.dataSource("event")).queryForList("""
                INSERT INTO event (id, organizer_id, title, description, venue_name, venue_address, venue_city,
                                   starts_at, ends_at, time_zone, capacity, price_amount, price_currency, status,
                                   created_at, updated_at, published_at)
                SELECT gen_random_uuid(), ?::uuid, 'Benchmark night ' || n, 'Read, never changed.', 'Tram Depot',
                       'Gleisstrasse 12', 'Berlin', now() + interval '30 days', now() + interval '30 days 4 hours',
                       'Europe/Berlin', 120, 39.90, 'EUR', 'PUBLISHED', now(), now(), now()
                FROM generate_series(1, ?::int) AS n
                RETURNING id""", UUID.class, UUID.randomUUID(), count).stream().map(UUID::toString).toList();
    }
}
