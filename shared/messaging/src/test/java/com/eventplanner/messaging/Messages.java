package com.eventplanner.messaging;

import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.booking.BookingCreated;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

final class Messages {

    static Envelope<BookingCreated> bookingCreated() {
        return bookingCreated(UUID.randomUUID());
    }

    static Envelope<BookingCreated> bookingCreated(UUID bookingId) {
        Instant now = Instant.now();
        return Envelope.of(new BookingCreated(bookingId, UUID.randomUUID(), UUID.randomUUID(), "ann@example.com",
                "Ann Attendee", 2, new Money(new BigDecimal("20.00"), "EUR"), now.plusSeconds(900)),
                "booking-service", "corr-" + bookingId, now);
    }

    private Messages() {
    }
}
