package com.eventplanner.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class CircuitTest {

    private final AtomicLong now = new AtomicLong();
    private final Circuit circuit = new Circuit(3, Duration.ofSeconds(5), now::get);

    @Test
    void opensAfterConsecutiveFailuresOnly() {
        circuit.onFailure();
        circuit.onFailure();
        circuit.onSuccess();
        circuit.onFailure();
        circuit.onFailure();
        assertThat(circuit.allowRequest()).isTrue();

        circuit.onFailure();

        assertThat(circuit.isOpen()).isTrue();
        assertThat(circuit.allowRequest()).isFalse();
    }

    @Test
    void afterThePauseOneProbeDecides() {
        open();
        now.addAndGet(Duration.ofSeconds(5).toNanos());

        assertThat(circuit.allowRequest()).as("probe").isTrue();
        assertThat(circuit.allowRequest()).as("others wait for the probe").isFalse();

        circuit.onFailure();
        assertThat(circuit.allowRequest()).as("failed probe reopens").isFalse();

        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(circuit.allowRequest()).isTrue();
        circuit.onSuccess();
        assertThat(circuit.isOpen()).isFalse();
        assertThat(circuit.allowRequest()).isTrue();
        assertThat(circuit.allowRequest()).isTrue();
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            circuit.onFailure();
        }
    }
}
