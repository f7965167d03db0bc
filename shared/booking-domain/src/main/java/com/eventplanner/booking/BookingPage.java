package com.eventplanner.booking;

import java.util.List;

/** One page of bookings, newest first; {@code page} counts from 0. */
public record BookingPage(List<Booking> items, int page, int size, long totalItems) {

    public BookingPage {
        items = List.copyOf(items);
    }

    public long totalPages() {
        return (totalItems + size - 1) / size;
    }
}
