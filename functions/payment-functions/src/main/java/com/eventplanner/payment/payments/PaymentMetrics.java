package com.eventplanner.payment.payments;

import com.eventplanner.payment.gateway.Amount;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Business metrics as CloudWatch embedded metric format: one JSON line per event on stdout, which Lambda's log
 * shipping turns into metrics of namespace {@value #NAMESPACE} without an API call. Counts by service (the alarm on
 * payment errors divides PaymentsFailed by PaymentsAttempted), amounts in minor units by service and currency.
 */
public final class PaymentMetrics {

    public static final String NAMESPACE = "EventPlanner/Payments";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String service;
    private final Consumer<String> out;
    private final Clock clock;

    public PaymentMetrics(String service, Consumer<String> out, Clock clock) {
        this.service = service;
        this.out = out;
        this.clock = clock;
    }

    void attempted(Amount amount) {
        emit("PaymentsAttempted", "AmountAttempted", amount);
    }

    void succeeded(Amount amount) {
        emit("PaymentsSucceeded", "AmountSucceeded", amount);
    }

    void failed(Amount amount) {
        emit("PaymentsFailed", "AmountFailed", amount);
    }

    void refunded(Amount amount) {
        emit("PaymentsRefunded", "AmountRefunded", amount);
    }

    void refundParked(Amount amount) {
        emit("RefundsParked", "AmountParked", amount);
    }

    private void emit(String count, String sum, Amount amount) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("_aws", Map.of(
                "Timestamp", clock.millis(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", NAMESPACE,
                        "Dimensions", List.of(List.of("Service"), List.of("Service", "Currency")),
                        "Metrics", List.of(Map.of("Name", count, "Unit", "Count"),
                                Map.of("Name", sum, "Unit", "None"))))));
        record.put("Service", service);
        record.put("Currency", amount.currency());
        record.put(count, 1);
        record.put(sum, amount.minor());
        out.accept(JSON.writeValueAsString(record));
    }
}
