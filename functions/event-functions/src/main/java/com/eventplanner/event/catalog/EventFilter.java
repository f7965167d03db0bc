package com.eventplanner.event.catalog;

import java.time.Instant;

/** Filters of the public listing; null means "any". */
record EventFilter(String city, Instant from, Instant to, String text) {
}
