package com.eventplanner.contracts.event;

import com.eventplanner.contracts.MessageType;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.Payload;
import java.time.Instant;
import java.util.UUID;

/** A published event changed; carries the whole new state so consumers need not read the event context. */
public record EventUpdated(
        UUID eventId, UUID organizerId, String title, Venue venue, Instant startsAt, Instant endsAt, String timeZone,
        Integer capacity, Money price) implements Payload {

    @Override
    public MessageType type() {
        return MessageType.EVENT_UPDATED;
    }
}
