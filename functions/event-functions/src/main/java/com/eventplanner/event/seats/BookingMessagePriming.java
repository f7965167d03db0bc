package com.eventplanner.event.seats;

import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.MessageCodec;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.booking.BookingCreated;
import com.eventplanner.function.snapstart.PrimingStep;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Warms the envelope codec for booking.created before the snapshot: encode and decode one fixed message. */
@Component
class BookingMessagePriming implements PrimingStep {

    private static final UUID FIXED = new UUID(0, 1);

    private final MessageCodec codec;

    BookingMessagePriming(MessageCodec codec) {
        this.codec = codec;
    }

    @Override
    public void prime() {
        BookingCreated booking = new BookingCreated(FIXED, FIXED, FIXED, "priming@example.invalid", "Priming", 1,
                new Money(BigDecimal.ONE, "EUR"), Instant.EPOCH);
        String json = codec.encode(new Envelope<>(FIXED, booking.type(), 1, "priming", Instant.EPOCH, "priming",
                booking));
        codec.decode(json, BookingCreated.class);
    }
}
