package com.eventplanner.contracts;

/** The {@code data} of an envelope: one record per message type. */
public interface Payload {

    MessageType type();
}
