package com.eventplanner.messaging.consumer;

import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.Payload;

/**
 * Handles one message whose work may outlast an invocation: it commits its work in parts and stops while
 * {@code budget} still leaves time to answer, after committing a continuation (the same envelope, sent to its own
 * queue again, for example through the outbox) that carries the rest into a new invocation. Must be idempotent: a
 * message is handled again from the start, by the continuation or a redelivery, and must carry on where it stopped.
 */
@FunctionalInterface
public interface ResumableHandler<T extends Payload> {

    /** @return true when the work is complete; false when it stopped for lack of time and committed a continuation */
    boolean handle(Envelope<T> message, InvocationBudget budget);
}
