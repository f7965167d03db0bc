package com.eventplanner.messaging.consumer;

import java.util.UUID;

/** Remembers which envelope ids a consumer has handled, so an at-least-once delivery is acted on once. */
public interface ProcessedMessages {

    /**
     * Runs {@code work} unless {@code consumer} already processed {@code messageId}; the mark and the work's effects
     * take effect together or not at all. Returns false when the message was a duplicate and {@code work} did not run.
     */
    boolean runOnce(String consumer, UUID messageId, Runnable work);

    /** Whether {@code consumer} already processed {@code messageId}. */
    boolean isProcessed(String consumer, UUID messageId);
}
