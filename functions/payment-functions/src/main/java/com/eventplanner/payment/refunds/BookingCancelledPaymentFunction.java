package com.eventplanner.payment.refunds;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.eventplanner.contracts.booking.BookingCancelled;
import com.eventplanner.messaging.consumer.SqsBatchProcessor;
import com.eventplanner.payment.payments.Refunds;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code bookingCancelledPayment}: booking-cancelled-payment-queue -> the refund a cancelled booking asks for, once
 * (recorded with the message's processed mark), then sent to the processor after the batch committed; a refusal is
 * retried by reconciliation, not by redelivering the message. Partial batch failures.
 */
@Component("bookingCancelledPayment")
class BookingCancelledPaymentFunction implements Function<SQSEvent, SQSBatchResponse> {

    static final String CONSUMER = "payment-refund";
    private static final Logger log = LoggerFactory.getLogger(BookingCancelledPaymentFunction.class);

    private final SqsBatchProcessor processor;
    private final Refunds refunds;

    BookingCancelledPaymentFunction(SqsBatchProcessor processor, Refunds refunds) {
        this.processor = processor;
        this.refunds = refunds;
    }

    @Override
    public SQSBatchResponse apply(SQSEvent event) {
        List<UUID> requested = new ArrayList<>();
        SQSBatchResponse response = processor.process(CONSUMER, event, BookingCancelled.class,
                message -> refunds.requested(message).ifPresent(requested::add));
        for (UUID refund : requested) {
            try {
                refunds.send(refund);
            } catch (RuntimeException e) {
                // recorded already: reconciliation sends it again
                log.warn("Sending refund {} failed; it is retried", refund, e);
            }
        }
        return response;
    }
}
