package com.eventplanner.contracts.event;

import com.eventplanner.contracts.MessageType;
import com.eventplanner.contracts.OptionalField;
import com.eventplanner.contracts.Payload;
import java.util.UUID;

/** A published event was cancelled: every booking of it is cancelled and refunded downstream. */
public record EventCancelled(UUID eventId, UUID organizerId, String title, @OptionalField String reason)
        implements Payload {

    @Override
    public MessageType type() {
        return MessageType.EVENT_CANCELLED;
    }
}
