package com.eventplanner.localinvoke;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An {@code Events} entry of a template function that something local has to drive: an SQS queue or a schedule. */
public sealed interface EventSource {

    /** An SQS event source mapping; {@code reportBatchItemFailures} when the function reports partial failures. */
    record Sqs(String queueName, int batchSize, boolean reportBatchItemFailures) implements EventSource {
    }

    /** An EventBridge schedule, {@code rate(...)} only. */
    record Schedule(String expression) implements EventSource {

        private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");

        public Duration rate() {
            Matcher matcher = RATE.matcher(expression.trim().toLowerCase(Locale.ROOT));
            if (!matcher.matches()) {
                throw new IllegalArgumentException("only rate(...) schedules run locally, not " + expression);
            }
            long value = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "minute", "minutes" -> Duration.ofMinutes(value);
                case "hour", "hours" -> Duration.ofHours(value);
                default -> Duration.ofDays(value);
            };
        }
    }
}
