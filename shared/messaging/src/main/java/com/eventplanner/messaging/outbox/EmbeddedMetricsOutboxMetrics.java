package com.eventplanner.messaging.outbox;

import java.io.PrintStream;
import java.time.Clock;

/**
 * {@code OutboxMessagesParked} in the CloudWatch embedded metric format: one JSON line on standard output, which
 * Lambda sends to the function's log group and CloudWatch turns into a metric (namespace {@value #NAMESPACE},
 * dimension {@code Service}), without an API call from the function. template.yaml alarms on it.
 */
public final class EmbeddedMetricsOutboxMetrics implements OutboxMetrics {

    public static final String NAMESPACE = "EventPlanner/Outbox";
    public static final String METRIC = "OutboxMessagesParked";

    private final String service;
    private final PrintStream out;
    private final Clock clock;

    public EmbeddedMetricsOutboxMetrics(String service, PrintStream out, Clock clock) {
        this.service = service.replaceAll("[^A-Za-z0-9._-]", "_");
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void parked(String topic, int count) {
        out.println("{\"_aws\":{\"Timestamp\":" + clock.millis() + ",\"CloudWatchMetrics\":[{\"Namespace\":\""
                + NAMESPACE + "\",\"Dimensions\":[[\"Service\"]],\"Metrics\":[{\"Name\":\"" + METRIC
                + "\",\"Unit\":\"Count\"}]}]},\"Service\":\"" + service + "\",\"" + METRIC + "\":" + count + "}");
    }
}
