package com.eventplanner.contracts.payment;

import com.eventplanner.contracts.MessageType;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.Payload;
import java.util.UUID;

/** The amount went back to the payer. */
public record PaymentRefunded(UUID paymentId, UUID bookingId, UUID userId, Money amount, String reason) implements Payload {

    @Override
    public MessageType type() {
        return MessageType.PAYMENT_REFUNDED;
    }
}
