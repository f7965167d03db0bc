package com.eventplanner.messaging.outbox;

/**
 * Where the relay counts what it gives up on, for an alarm: CloudWatch embedded metrics from functions
 * ({@link EmbeddedMetricsOutboxMetrics}), Micrometer from services.
 */
@FunctionalInterface
public interface OutboxMetrics {

    /** {@code count} messages for {@code topic} were parked: SNS rejected them and they are no longer retried. */
    void parked(String topic, int count);
}
