package com.eventplanner.messaging.outbox;

import com.eventplanner.contracts.Destinations;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Topic name -> ARN. In AWS the template passes each ARN as {@code <CONTEXT>_TOPIC_ARN}
 * ({@code eventplanner-booking-topic} -> {@code BOOKING_TOPIC_ARN}).
 */
public record TopicArns(Map<String, String> byTopic) {

    public TopicArns {
        byTopic = Map.copyOf(byTopic);
    }

    public static TopicArns fromEnvironment(Function<String, String> environment) {
        Map<String, String> arns = new HashMap<>();
        for (String topic : Destinations.TOPICS) {
            String arn = environment.apply(variableFor(topic));
            if (arn != null && !arn.isBlank()) {
                arns.put(topic, arn);
            }
        }
        return new TopicArns(arns);
    }

    public static String variableFor(String topic) {
        String context = topic.substring("eventplanner-".length(), topic.length() - "-topic".length());
        return context.toUpperCase(Locale.ROOT) + "_TOPIC_ARN";
    }

    public String arnOf(String topic) {
        String arn = byTopic.get(topic);
        if (arn == null) {
            throw new IllegalStateException("no ARN configured for topic " + topic + " (set " + variableFor(topic) + ")");
        }
        return arn;
    }
}
