package com.eventplanner.event.seats;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.eventplanner.contracts.booking.BookingConfirmed;
import com.eventplanner.messaging.consumer.SqsBatchProcessor;
import java.util.function.Function;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * {@code bookingConfirmedEvent}: booking-confirmed-event-queue -> a paid booking holds its seats in the seats-booked
 * projection. Changes the count only when the payment came after the hold expired and took the seats again (or
 * overtook its booking.created); partial batch failures.
 */
@Component("bookingConfirmedEvent")
class BookingConfirmedEventFunction implements Function<Message<SQSEvent>, SQSBatchResponse> {

    private final SqsBatchProcessor processor;
    private final SeatProjection projection;

    BookingConfirmedEventFunction(SqsBatchProcessor processor, SeatProjection projection) {
        this.processor = processor;
        this.projection = projection;
    }

    @Override
    public SQSBatchResponse apply(Message<SQSEvent> event) {
        return processor.process(SeatProjection.CONSUMER, event.getPayload(),
                event.getHeaders().get(AWSLambdaUtils.AWS_CONTEXT, Context.class), BookingConfirmed.class, message -> {
            BookingConfirmed booking = message.data();
            projection.held(booking.bookingId(), booking.eventId(), booking.quantity(), message.occurredAt());
        });
    }
}
