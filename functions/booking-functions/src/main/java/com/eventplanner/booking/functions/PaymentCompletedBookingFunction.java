package com.eventplanner.booking.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.eventplanner.booking.PaymentConfirmation;
import com.eventplanner.contracts.payment.PaymentCompleted;
import com.eventplanner.messaging.consumer.SqsBatchProcessor;
import java.util.function.Function;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * {@code paymentCompletedBooking}: payment-completed-booking-queue -> CONFIRMED, or for a late payment without a
 * seat CANCELLED with REFUND_LATE_PAYMENT; partial batch failures.
 */
@Component("paymentCompletedBooking")
class PaymentCompletedBookingFunction implements Function<Message<SQSEvent>, SQSBatchResponse> {

    static final String CONSUMER = "booking-payment-confirm";

    private final SqsBatchProcessor processor;
    private final PaymentConfirmation confirmation;

    PaymentCompletedBookingFunction(SqsBatchProcessor processor, PaymentConfirmation confirmation) {
        this.processor = processor;
        this.confirmation = confirmation;
    }

    @Override
    public SQSBatchResponse apply(Message<SQSEvent> event) {
        return processor.process(CONSUMER, event.getPayload(),
                event.getHeaders().get(AWSLambdaUtils.AWS_CONTEXT, Context.class), PaymentCompleted.class, confirmation::paymentCompleted);
    }
}
