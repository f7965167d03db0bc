package com.eventplanner.contracts.payment;

import com.eventplanner.contracts.MessageType;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.Payload;
import java.util.UUID;

/** The booking's amount was captured. */
public record PaymentCompleted(UUID paymentId, UUID bookingId, UUID userId, Money amount) implements Payload {

    @Override
    public MessageType type() {
        return MessageType.PAYMENT_COMPLETED;
    }
}
