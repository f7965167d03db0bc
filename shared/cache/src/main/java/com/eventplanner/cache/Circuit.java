package com.eventplanner.cache;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Skips Redis for a while after consecutive failures, so an outage does not add a command timeout to every request.
 * When the pause is over one caller is let through as a probe: its success closes the circuit, its failure reopens it.
 * Every {@link #allowRequest()} that returns true must be followed by {@link #onSuccess()} or {@link #onFailure()}.
 */
final class Circuit {

    private final int failureThreshold;
    private final long openNanos;
    private final LongSupplier nanoClock;
    private int consecutiveFailures;
    private boolean open;
    private boolean probing;
    private long openedAt;

    Circuit(int failureThreshold, Duration openFor, LongSupplier nanoClock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be positive: " + failureThreshold);
        }
        this.failureThreshold = failureThreshold;
        this.openNanos = openFor.toNanos();
        this.nanoClock = nanoClock;
    }

    synchronized boolean allowRequest() {
        if (!open) {
            return true;
        }
        if (probing || nanoClock.getAsLong() - openedAt < openNanos) {
            return false;
        }
        probing = true;
        return true;
    }

    synchronized void onSuccess() {
        consecutiveFailures = 0;
        open = false;
        probing = false;
    }

    synchronized void onFailure() {
        consecutiveFailures++;
        if (probing || consecutiveFailures >= failureThreshold) {
            open = true;
            probing = false;
            openedAt = nanoClock.getAsLong();
        }
    }

    synchronized boolean isOpen() {
        return open;
    }
}
