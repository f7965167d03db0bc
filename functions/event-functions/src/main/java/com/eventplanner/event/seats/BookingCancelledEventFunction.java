package com.eventplanner.event.seats;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.eventplanner.contracts.booking.BookingCancelled;
import com.eventplanner.messaging.consumer.SqsBatchProcessor;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * {@code bookingCancelledEvent}: booking-cancelled-event-queue -> the booking's seats leave the seats-booked
 * projection, whatever the reason; partial batch failures.
 */
@Component("bookingCancelledEvent")
class BookingCancelledEventFunction implements Function<SQSEvent, SQSBatchResponse> {

    private final SqsBatchProcessor processor;
    private final SeatProjection projection;

    BookingCancelledEventFunction(SqsBatchProcessor processor, SeatProjection projection) {
        this.processor = processor;
        this.projection = projection;
    }

    @Override
    public SQSBatchResponse apply(SQSEvent event) {
        return processor.process(SeatProjection.CONSUMER, event, BookingCancelled.class, message -> {
            BookingCancelled booking = message.data();
            projection.released(booking.bookingId(), booking.eventId(), booking.quantity(),
                    message.occurredAt());
        });
    }
}
