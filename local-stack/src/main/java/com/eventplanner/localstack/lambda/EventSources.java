package com.eventplanner.localstack.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.eventplanner.localinfra.LocalInfrastructure;
import com.eventplanner.localinfra.LocalSqsPoller;
import com.eventplanner.localinvoke.EventSource;
import com.eventplanner.localinvoke.RuntimeApi;
import com.eventplanner.localinvoke.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What triggers the functions besides the load balancer, as template.yaml declares it: an SQS event source mapping
 * per {@code SQS} event (batch size; with {@code ReportBatchItemFailures} only the reported records stay on the
 * queue, to come back after the visibility timeout and reach the DLQ after {@code maxReceiveCount}; an error fails the
 * whole batch), and a timer per {@code Schedule} event, first firing one period after the start, as a new rule does.
 */
public final class EventSources implements AutoCloseable {

    /** Long-poll wait: short enough that stopping is quick, long enough that idle polling costs nothing. */
    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(EventSources.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PojoSerializer<SQSEvent> SQS_EVENTS =
            LambdaEventSerializers.serializerFor(SQSEvent.class, EventSources.class.getClassLoader());

    private final List<LocalSqsPoller> pollers;
    private final ScheduledExecutorService schedules;
    private final List<String> descriptions;

    private EventSources(List<LocalSqsPoller> pollers, ScheduledExecutorService schedules, List<String> descriptions) {
        this.pollers = pollers;
        this.schedules = schedules;
        this.descriptions = descriptions;
    }

    public static EventSources start(SamTemplate template, LocalFunctions functions, LocalInfrastructure infra) {
        List<LocalSqsPoller> pollers = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        // a thread per schedule, so that one function's cold start does not delay another's timer
        int scheduled = (int) functions.names().stream().flatMap(id -> template.events(id).stream())
                .filter(EventSource.Schedule.class::isInstance).count();
        ScheduledExecutorService schedules = Executors.newScheduledThreadPool(Math.max(1, scheduled), r -> {
            Thread thread = new Thread(r, "local-schedules");
            thread.setDaemon(true);
            return thread;
        });
        for (String logicalId : functions.names()) {
            for (EventSource source : template.events(logicalId)) {
                if (source instanceof EventSource.Sqs sqs) {
                    LocalSqsPoller poller = infra.poller(sqs.queueName(), batch -> deliver(functions, logicalId, sqs, batch))
                            .batchSize(sqs.batchSize())
                            .waitTime(WAIT)
                            .build();
                    poller.start();
                    pollers.add(poller);
                    descriptions.add(sqs.queueName() + " -> " + logicalId + " (batch " + sqs.batchSize()
                            + (sqs.reportBatchItemFailures() ? ", ReportBatchItemFailures)" : ")"));
                } else if (source instanceof EventSource.Schedule schedule) {
                    long period = schedule.rate().toSeconds();
                    schedules.scheduleAtFixedRate(() -> fire(functions, logicalId, infra.region()), period, period,
                            TimeUnit.SECONDS);
                    descriptions.add(schedule.expression() + " -> " + logicalId);
                }
            }
        }
        return new EventSources(pollers, schedules, descriptions);
    }

    /** One line per mapping, for the stack's summary. */
    public List<String> descriptions() {
        return List.copyOf(descriptions);
    }

    private static SQSBatchResponse deliver(LocalFunctions functions, String logicalId, EventSource.Sqs source,
            SQSEvent batch) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        SQS_EVENTS.toJson(batch, json);
        RuntimeApi.Outcome outcome = functions.invoke(logicalId, json.toString(StandardCharsets.UTF_8));
        if (outcome.error()) {
            throw new IllegalStateException(logicalId + " failed the batch: " + outcome.body());
        }
        if (!source.reportBatchItemFailures() || outcome.body().isBlank()) {
            return new SQSBatchResponse(List.of());
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (JsonNode failure : JSON.readTree(outcome.body()).path("batchItemFailures")) {
            failures.add(new SQSBatchResponse.BatchItemFailure(failure.path("itemIdentifier").asString()));
        }
        return new SQSBatchResponse(failures);
    }

    /** The event EventBridge sends for a scheduled rule. */
    private static void fire(LocalFunctions functions, String logicalId, String region) {
        String event = JSON.writeValueAsString(Map.of(
                "version", "0",
                "id", UUID.randomUUID().toString(),
                "detail-type", "Scheduled Event",
                "source", "aws.events",
                "account", LocalInfrastructure.ACCOUNT_ID,
                "time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                "region", region,
                "resources", List.of("arn:aws:events:" + region + ":" + LocalInfrastructure.ACCOUNT_ID + ":rule/"
                        + logicalId + "Schedule"),
                "detail", Map.of()));
        try {
            RuntimeApi.Outcome outcome = functions.invoke(logicalId, event);
            if (outcome.error()) {
                log.warn("{} failed on its schedule: {}", logicalId, outcome.body());
            }
        } catch (RuntimeException e) {
            log.warn("{} could not be run on its schedule", logicalId, e);
        }
    }

    @Override
    public void close() {
        schedules.shutdownNow();
        pollers.parallelStream().forEach(LocalSqsPoller::stop);
    }
}
