package com.eventplanner.event.seats;

import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.MessageCodec;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.Payload;
import com.eventplanner.contracts.booking.BookingCancelled;
import com.eventplanner.contracts.booking.BookingConfirmed;
import com.eventplanner.contracts.booking.BookingCreated;
import com.eventplanner.contracts.booking.BookingExpired;
import com.eventplanner.contracts.booking.CancellationReason;
import com.eventplanner.function.snapstart.PrimingStep;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Warms the envelope codec for the booking messages this jar consumes, before the snapshot: nothing is written. */
@Component
class BookingMessagePriming implements PrimingStep {

    private static final UUID FIXED = new UUID(0, 1);

    private final MessageCodec codec;

    BookingMessagePriming(MessageCodec codec) {
        this.codec = codec;
    }

    @Override
    public void prime() {
        roundTrip(new BookingCreated(FIXED, FIXED, FIXED, "priming@example.invalid", "Priming", 1,
                new Money(BigDecimal.ONE, "EUR"), Instant.EPOCH), BookingCreated.class);
        roundTrip(new BookingCancelled(FIXED, FIXED, FIXED, 1, CancellationReason.USER_REQUEST, false, null),
                BookingCancelled.class);
        roundTrip(new BookingConfirmed(FIXED, FIXED, FIXED, 1, FIXED), BookingConfirmed.class);
        roundTrip(new BookingExpired(FIXED, FIXED, FIXED, 1), BookingExpired.class);
    }

    private <T extends Payload> void roundTrip(T payload, Class<T> type) {
        String json = codec.encode(new Envelope<>(FIXED, payload.type(), 1, "priming", Instant.EPOCH, "priming",
                payload));
        codec.decode(json, type);
    }
}
