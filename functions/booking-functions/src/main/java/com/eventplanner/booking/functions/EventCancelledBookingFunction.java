package com.eventplanner.booking.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.eventplanner.booking.InventoryProjection;
import com.eventplanner.contracts.event.EventCancelled;
import com.eventplanner.messaging.consumer.SqsBatchProcessor;
import java.util.function.Function;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * {@code eventCancelledBooking}: event-cancelled-booking-queue -> closes the inventory, then cancels its bookings
 * chunk by chunk while the invocation has time; an event with more bookings than one invocation can cancel goes
 * back to the queue as a new message and carries on there. Partial batch failures.
 */
@Component("eventCancelledBooking")
class EventCancelledBookingFunction implements Function<Message<SQSEvent>, SQSBatchResponse> {

    static final String CONSUMER = "booking-event-cancel";

    private final SqsBatchProcessor processor;
    private final InventoryProjection inventory;

    EventCancelledBookingFunction(SqsBatchProcessor processor, InventoryProjection inventory) {
        this.processor = processor;
        this.inventory = inventory;
    }

    @Override
    public SQSBatchResponse apply(Message<SQSEvent> event) {
        return processor.processResumable(CONSUMER, event.getPayload(),
                event.getHeaders().get(AWSLambdaUtils.AWS_CONTEXT, Context.class), EventCancelled.class,
                inventory::eventCancelled);
    }
}
