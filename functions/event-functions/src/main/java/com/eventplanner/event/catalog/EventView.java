package com.eventplanner.event.catalog;

import com.eventplanner.contracts.Money;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.eventplanner.contracts.event.Venue;
import java.time.Instant;
import java.util.UUID;

/**
 * An event as the API shows it and as {@code event:<eventId>} caches it. {@code seatsBooked} comes from the
 * seats-booked projection of the booking messages: indicative, the booking context decides what can be sold.
 */
record EventView(UUID id, UUID organizerId, String title, String description, Venue venue, Instant startsAt,
                 Instant endsAt, String timeZone, int capacity, Money price, EventStatus status, int seatsBooked,
                 Instant createdAt, Instant updatedAt, Instant publishedAt, Instant cancelledAt) {

    @JsonProperty(access = JsonProperty.Access.READ_ONLY)
    public int seatsAvailable() {
        return Math.max(0, capacity - seatsBooked);
    }
}
