package com.eventplanner.booking;

import com.eventplanner.contracts.Money;
import java.time.Instant;
import java.util.UUID;

/**
 * The seats of one event: {@code available + held + seatsSold = capacity}. {@code startsAt} is null when no
 * event.created or event.updated has told it yet (or for rows from before it was kept).
 */
public record Inventory(UUID eventId, UUID organizerId, String title, int capacity, int available, int seatsSold,
                        Money price, Status status, Instant startsAt) {

    public enum Status { OPEN, CANCELLED }
}
