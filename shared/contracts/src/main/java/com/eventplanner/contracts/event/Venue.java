package com.eventplanner.contracts.event;

public record Venue(String name, String address, String city) {
}
