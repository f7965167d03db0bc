package com.eventplanner.event.seats;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.eventplanner.contracts.booking.BookingCreated;
import com.eventplanner.messaging.consumer.SqsBatchProcessor;
import java.util.function.Function;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/** {@code bookingCreatedEvent}: booking-created-event-queue -> seats-booked projection, partial batch failures. */
@Component("bookingCreatedEvent")
class BookingCreatedEventFunction implements Function<Message<SQSEvent>, SQSBatchResponse> {

    private final SqsBatchProcessor processor;
    private final SeatProjection projection;

    BookingCreatedEventFunction(SqsBatchProcessor processor, SeatProjection projection) {
        this.processor = processor;
        this.projection = projection;
    }

    @Override
    public SQSBatchResponse apply(Message<SQSEvent> event) {
        return processor.process(SeatProjection.CONSUMER, event.getPayload(),
                event.getHeaders().get(AWSLambdaUtils.AWS_CONTEXT, Context.class), BookingCreated.class, message -> {
            BookingCreated booking = message.data();
            projection.held(booking.bookingId(), booking.eventId(), booking.quantity(), message.occurredAt());
        });
    }
}
