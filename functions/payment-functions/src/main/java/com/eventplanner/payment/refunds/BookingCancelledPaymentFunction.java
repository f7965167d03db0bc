package com.eventplanner.payment.refunds;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.eventplanner.contracts.booking.BookingCancelled;
import com.eventplanner.messaging.consumer.InvocationBudget;
import com.eventplanner.messaging.consumer.SqsBatchProcessor;
import com.eventplanner.payment.payments.Refunds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * {@code bookingCancelledPayment}: booking-cancelled-payment-queue -> the refund a cancelled booking asks for, once
 * (recorded with the message's processed mark), then sent to the processor after the batch committed, while the
 * invocation has time for another call; a refund not sent, refused or unanswered is sent again by reconciliation,
 * not by redelivering the message. Partial batch failures.
 */
@Component("bookingCancelledPayment")
class BookingCancelledPaymentFunction implements Function<Message<SQSEvent>, SQSBatchResponse> {

    static final String CONSUMER = "payment-refund";
    /** One refund request to the processor: its read timeout plus a margin. */
    private static final Duration ONE_REFUND = Duration.ofSeconds(3);
    private static final Logger log = LoggerFactory.getLogger(BookingCancelledPaymentFunction.class);

    private final SqsBatchProcessor processor;
    private final Refunds refunds;

    BookingCancelledPaymentFunction(SqsBatchProcessor processor, Refunds refunds) {
        this.processor = processor;
        this.refunds = refunds;
    }

    @Override
    public SQSBatchResponse apply(Message<SQSEvent> event) {
        Context context = event.getHeaders().get(AWSLambdaUtils.AWS_CONTEXT, Context.class);
        List<UUID> requested = new ArrayList<>();
        SQSBatchResponse response = processor.process(CONSUMER, event.getPayload(), context, BookingCancelled.class,
                message -> refunds.requested(message).ifPresent(requested::add));
        InvocationBudget budget = context == null ? InvocationBudget.unlimited() : InvocationBudget.of(context);
        for (UUID refund : requested) {
            if (!budget.hasTimeFor(ONE_REFUND)) {
                log.info("{} refunds left for reconciliation: the invocation's time is nearly up",
                        requested.size() - requested.indexOf(refund));
                break;
            }
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
