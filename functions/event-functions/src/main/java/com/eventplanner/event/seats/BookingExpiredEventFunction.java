package com.eventplanner.event.seats;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.eventplanner.contracts.booking.BookingExpired;
import com.eventplanner.messaging.consumer.SqsBatchProcessor;
import java.util.function.Function;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * {@code bookingExpiredEvent}: booking-expired-event-queue -> the seats of a hold that ran out leave the seats-booked
 * projection; partial batch failures.
 */
@Component("bookingExpiredEvent")
class BookingExpiredEventFunction implements Function<Message<SQSEvent>, SQSBatchResponse> {

    private final SqsBatchProcessor processor;
    private final SeatProjection projection;

    BookingExpiredEventFunction(SqsBatchProcessor processor, SeatProjection projection) {
        this.processor = processor;
        this.projection = projection;
    }

    @Override
    public SQSBatchResponse apply(Message<SQSEvent> event) {
        return processor.process(SeatProjection.CONSUMER, event.getPayload(),
                event.getHeaders().get(AWSLambdaUtils.AWS_CONTEXT, Context.class), BookingExpired.class, message -> {
            BookingExpired booking = message.data();
            projection.released(booking.bookingId(), booking.eventId(), booking.quantity(),
                    message.occurredAt());
        });
    }
}
