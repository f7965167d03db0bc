package com.eventplanner.booking.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.eventplanner.booking.InventoryProjection;
import com.eventplanner.contracts.event.EventUpdated;
import com.eventplanner.messaging.consumer.SqsBatchProcessor;
import java.util.function.Function;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * {@code eventUpdatedBooking}: event-updated-booking-queue -> capacity (never below the seats taken) and price;
 * partial batch failures.
 */
@Component("eventUpdatedBooking")
class EventUpdatedBookingFunction implements Function<Message<SQSEvent>, SQSBatchResponse> {

    static final String CONSUMER = "booking-inventory-update";

    private final SqsBatchProcessor processor;
    private final InventoryProjection inventory;

    EventUpdatedBookingFunction(SqsBatchProcessor processor, InventoryProjection inventory) {
        this.processor = processor;
        this.inventory = inventory;
    }

    @Override
    public SQSBatchResponse apply(Message<SQSEvent> event) {
        return processor.process(CONSUMER, event.getPayload(),
                event.getHeaders().get(AWSLambdaUtils.AWS_CONTEXT, Context.class), EventUpdated.class, inventory::eventUpdated);
    }
}
