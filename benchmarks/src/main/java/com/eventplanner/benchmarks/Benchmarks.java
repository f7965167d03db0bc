package com.eventplanner.benchmarks;

import com.eventplanner.benchmarks.coldstart.ColdStartBenchmark;
import com.eventplanner.benchmarks.payments.PaymentsBenchmark;

/** Entry point of {@code ./mvnw -q -DskipTests -pl benchmarks -am verify -Dbench=<name>}. */
public final class Benchmarks {

    public static void main(String[] args) throws Exception {
        String name = args.length == 0 ? "messaging" : args[0];
        switch (name) {
            case "messaging" -> MessagingThroughputBenchmark.main(new String[0]);
            case "cold-start" -> ColdStartBenchmark.main(new String[0]);
            case "payments" -> PaymentsBenchmark.main(new String[0]);
            default -> throw new IllegalArgumentException(
                    "unknown benchmark '" + name + "'; known: messaging, cold-start, payments");
        }
    }

    private Benchmarks() {
    }
}
