package com.eventplanner.event.seats;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.eventplanner.contracts.booking.BookingConfirmed;
import com.eventplanner.messaging.consumer.SqsBatchProcessor;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * {@code bookingConfirmedEvent}: booking-confirmed-event-queue -> a paid booking holds its seats in the seats-booked
 * projection. Changes the count only when the payment came after the hold expired and took the seats again (or
 * overtook its booking.created); partial batch failures.
 */
@Component("bookingConfirmedEvent")
class BookingConfirmedEventFunction implements Function<SQSEvent, SQSBatchResponse> {

    private final SqsBatchProcessor processor;
    private final SeatProjection projection;

    BookingConfirmedEventFunction(SqsBatchProcessor processor, SeatProjection projection) {
        this.processor = processor;
        this.projection = projection;
    }

    @Override
    public SQSBatchResponse apply(SQSEvent event) {
        return processor.process(SeatProjection.CONSUMER, event, BookingConfirmed.class, message -> {
            BookingConfirmed booking = message.data();
            projection.held(booking.bookingId(), booking.eventId(), booking.quantity(), message.occurredAt());
        });
    }
}
