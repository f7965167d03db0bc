package com.eventplanner.messaging.consumer;

import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.Payload;

/** Handles one decoded message; throwing reports the record as failed, so SQS delivers it again. */
@FunctionalInterface
public interface MessageHandler<T extends Payload> {

    void handle(Envelope<T> message);
}
