package com.eventplanner.booking;

import com.eventplanner.contracts.Money;
import java.util.UUID;

/** The seats of one event: {@code available + held + seatsSold = capacity}. */
public record Inventory(UUID eventId, UUID organizerId, String title, int capacity, int available, int seatsSold,
                        Money price, Status status) {

    public enum Status { OPEN, CANCELLED }
}
