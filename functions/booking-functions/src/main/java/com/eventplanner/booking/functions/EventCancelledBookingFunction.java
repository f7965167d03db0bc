package com.eventplanner.booking.functions;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.eventplanner.booking.InventoryProjection;
import com.eventplanner.contracts.event.EventCancelled;
import com.eventplanner.messaging.consumer.SqsBatchProcessor;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * {@code eventCancelledBooking}: event-cancelled-booking-queue -> closes the inventory and cancels every booking;
 * partial batch failures.
 */
@Component("eventCancelledBooking")
class EventCancelledBookingFunction implements Function<SQSEvent, SQSBatchResponse> {

    static final String CONSUMER = "booking-event-cancel";

    private final SqsBatchProcessor processor;
    private final InventoryProjection inventory;

    EventCancelledBookingFunction(SqsBatchProcessor processor, InventoryProjection inventory) {
        this.processor = processor;
        this.inventory = inventory;
    }

    @Override
    public SQSBatchResponse apply(SQSEvent event) {
        return processor.process(CONSUMER, event, EventCancelled.class, inventory::eventCancelled);
    }
}
