package com.eventplanner.booking.service.bookings;

import com.eventplanner.booking.Booking;
import com.eventplanner.booking.BookingPage;
import com.eventplanner.booking.BookingStatus;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.booking.CancellationReason;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code organizerId}: who else may read it (PaymentApiFunction shows the booking's payment to them too). */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BookingResponse(UUID id, UUID eventId, UUID userId, UUID organizerId, int quantity, Money amount,
                       BookingStatus status, Instant holdExpiresAt, UUID paymentId,
                       CancellationReason cancellationReason, Instant createdAt, Instant updatedAt) {

    static BookingResponse of(Booking booking) {
        return new BookingResponse(booking.id(), booking.eventId(), booking.userId(), booking.organizerId(),
                booking.quantity(), booking.amount(), booking.status(), booking.holdExpiresAt(), booking.paymentId(),
                booking.cancellationReason(), booking.createdAt(), booking.updatedAt());
    }

    record Page(List<BookingResponse> items, int page, int size, long totalItems, long totalPages) {

        static Page of(BookingPage page) {
            return new Page(page.items().stream().map(BookingResponse::of).toList(), page.page(), page.size(),
                    page.totalItems(), page.totalPages());
        }
    }
}
