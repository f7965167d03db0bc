package com.eventplanner.booking.functions;

import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.MessageCodec;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.Payload;
import com.eventplanner.contracts.event.EventCreated;
import com.eventplanner.contracts.event.Venue;
import com.eventplanner.contracts.payment.PaymentCompleted;
import com.eventplanner.function.snapstart.PrimingStep;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Warms the envelope codec for the messages this jar consumes, before the snapshot: nothing is written or sent. */
@Component
class BookingMessagePriming implements PrimingStep {

    private static final UUID FIXED = new UUID(0, 1);

    private final MessageCodec codec;

    BookingMessagePriming(MessageCodec codec) {
        this.codec = codec;
    }

    @Override
    public void prime() {
        Money price = new Money(BigDecimal.ONE, "EUR");
        roundTrip(new EventCreated(FIXED, FIXED, "Priming", new Venue("Hall", "Street 1", "City"), Instant.EPOCH,
                Instant.EPOCH, "UTC", 1, price), EventCreated.class);
        roundTrip(new PaymentCompleted(FIXED, FIXED, FIXED, price), PaymentCompleted.class);
    }

    private <T extends Payload> void roundTrip(T payload, Class<T> type) {
        String json = codec.encode(new Envelope<>(FIXED, payload.type(), 1, "priming", Instant.EPOCH, "priming",
                payload));
        codec.decode(json, type);
    }
}
