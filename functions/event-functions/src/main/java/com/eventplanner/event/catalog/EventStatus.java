package com.eventplanner.event.catalog;

enum EventStatus {
    DRAFT,
    PUBLISHED,
    CANCELLED
}
