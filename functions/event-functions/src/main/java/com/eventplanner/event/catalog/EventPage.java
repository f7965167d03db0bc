package com.eventplanner.event.catalog;

import java.util.List;

record EventPage(List<EventView> items, int page, int size, long totalItems, int totalPages) {

    static EventPage of(List<EventView> items, int page, int size, long totalItems) {
        return new EventPage(items, page, size, totalItems, (int) ((totalItems + size - 1) / size));
    }
}
