package com.eventplanner.contracts.event;

import com.eventplanner.contracts.MessageType;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.Payload;
import java.time.Instant;
import java.util.UUID;

/** An event was published: bookings open its inventory, notifications announce it. */
public record EventCreated(
        UUID eventId, UUID organizerId, String title, Venue venue, Instant startsAt, Instant endsAt, String timeZone,
        Integer capacity, Money price) implements Payload {

    @Override
    public MessageType type() {
        return MessageType.EVENT_CREATED;
    }
}
