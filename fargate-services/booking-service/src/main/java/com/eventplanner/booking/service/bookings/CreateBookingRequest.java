package com.eventplanner.booking.service.bookings;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;

record CreateBookingRequest(@NotNull UUID eventId, @NotNull @Min(1) @Max(10) Integer quantity) {
}
