package com.eventplanner.booking.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.eventplanner.booking.InventoryProjection;
import com.eventplanner.contracts.event.EventCreated;
import com.eventplanner.messaging.consumer.SqsBatchProcessor;
import java.util.function.Function;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/** {@code eventCreatedBooking}: event-created-booking-queue -> opens the event's seat inventory; partial failures. */
@Component("eventCreatedBooking")
class EventCreatedBookingFunction implements Function<Message<SQSEvent>, SQSBatchResponse> {

    static final String CONSUMER = "booking-inventory-open";

    private final SqsBatchProcessor processor;
    private final InventoryProjection inventory;

    EventCreatedBookingFunction(SqsBatchProcessor processor, InventoryProjection inventory) {
        this.processor = processor;
        this.inventory = inventory;
    }

    @Override
    public SQSBatchResponse apply(Message<SQSEvent> event) {
        return processor.process(CONSUMER, event.getPayload(),
                event.getHeaders().get(AWSLambdaUtils.AWS_CONTEXT, Context.class), EventCreated.class, inventory::eventCreated);
    }
}
