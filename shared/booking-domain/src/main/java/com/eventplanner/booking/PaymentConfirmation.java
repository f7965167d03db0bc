package com.eventplanner.booking;

import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.booking.BookingCancelled;
import com.eventplanner.contracts.booking.BookingConfirmed;
import com.eventplanner.contracts.booking.CancellationReason;
import com.eventplanner.contracts.payment.PaymentCompleted;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Confirms bookings on {@code payment.completed}. Never leaves a confirmed booking without a seat nor a captured
 * payment without either a seat or a refund: a payment for a hold that already expired takes the seats again if
 * they are still free, otherwise the booking is cancelled with REFUND_LATE_PAYMENT. A payment whose amount, currency
 * or payer is not the booking's confirms nothing: the booking is cancelled with PAYMENT_MISMATCH for a refund.
 */
public final class PaymentConfirmation {

    private static final Logger log = LoggerFactory.getLogger(PaymentConfirmation.class);

    private final BookingStore store;
    private final Effects effects;
    private final TransactionTemplate transaction;
    private final Clock clock;

    PaymentConfirmation(BookingStore store, Effects effects, TransactionTemplate transaction, Clock clock) {
        this.store = store;
        this.effects = effects;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * @return the booking after the payment was applied
     * @throws IllegalStateException when no such booking exists (the message is retried, then dead-lettered)
     */
    public Booking paymentCompleted(Envelope<PaymentCompleted> message) {
        PaymentCompleted payment = message.data();
        return transaction.execute(status -> {
            Booking booking = store.lock(payment.bookingId()).orElseThrow(() -> new IllegalStateException(
                    "payment " + payment.paymentId() + " for unknown booking " + payment.bookingId()));
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            if (payment.paymentId().equals(booking.paymentId())) {
                return booking; // a redelivery of the payment this booking already records
            }
            Map<String, Object> mismatch = mismatch(booking, payment);
            if (!mismatch.isEmpty() && booking.status() != BookingStatus.CONFIRMED) {
                return cancelMismatched(booking, payment, mismatch, now);
            }
            return switch (booking.status()) {
                // a hold past its time that the sweep has not released yet still holds its seats
                case PENDING_PAYMENT -> confirm(booking, payment, now, false);
                case EXPIRED -> store.takeSeats(booking.eventId(), booking.quantity())
                        ? confirm(booking, payment, now, true)
                        : refundLate(booking, payment, now);
                case CANCELLED -> refundLate(booking, payment, now);
                case CONFIRMED -> {
                    log.error("Booking {} is confirmed by payment {}; second payment {} needs a manual refund",
                            booking.id(), booking.paymentId(), payment.paymentId());
                    effects.audit("booking.duplicate_payment", booking.userId(), booking.id(),
                            Map.of("paymentId", payment.paymentId().toString()));
                    yield booking;
                }
            };
        });
    }

    private Booking confirm(Booking booking, PaymentCompleted payment, Instant now, boolean retaken) {
        Booking confirmed = booking.withStatus(BookingStatus.CONFIRMED, payment.paymentId(), null, now);
        store.update(confirmed);
        store.sellHeldSeats(booking.eventId(), booking.quantity());
        if (retaken) {
            // the user's tally was lowered when the hold expired; the paid seats count against the cap again
            store.addUserSeats(booking.eventId(), booking.userId(), booking.quantity(), Integer.MAX_VALUE);
        }
        effects.publish(new BookingConfirmed(booking.id(), booking.eventId(), booking.userId(), booking.quantity(),
                payment.paymentId()));
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("status", Map.of("from", booking.status().name(), "to", BookingStatus.CONFIRMED.name()));
        changes.put("paymentId", payment.paymentId().toString());
        changes.put("seatsRetaken", retaken);
        effects.bookingChanged(confirmed, "booking.confirmed", booking.userId(), changes);
        return confirmed;
    }

    /** No seat for this payment: the booking ends cancelled and the payment is refunded downstream. */
    private Booking refundLate(Booking booking, PaymentCompleted payment, Instant now) {
        CancellationReason reason = CancellationReason.REFUND_LATE_PAYMENT;
        Booking cancelled = booking.withStatus(BookingStatus.CANCELLED, payment.paymentId(), reason, now);
        store.update(cancelled);
        effects.publish(new BookingCancelled(booking.id(), booking.eventId(), booking.userId(), booking.quantity(),
                reason, true, payment.paymentId()));
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("status", Map.of("from", booking.status().name(), "to", BookingStatus.CANCELLED.name()));
        changes.put("reason", reason.name());
        changes.put("refundRequired", true);
        changes.put("paymentId", payment.paymentId().toString());
        effects.bookingChanged(cancelled, "booking.cancelled", booking.userId(), changes);
        return cancelled;
    }

    /**
     * A payment that is not the booking's price paid by its attendee: a hold gives its seats back, and the booking
     * ends cancelled with the payment recorded, so that payments refunds it on {@code booking.cancelled}.
     */
    private Booking cancelMismatched(Booking booking, PaymentCompleted payment, Map<String, Object> mismatch,
                                     Instant now) {
        if (booking.status() == BookingStatus.PENDING_PAYMENT) {
            store.releaseSeats(booking.eventId(), booking.quantity(), false);
            store.removeUserSeats(booking.eventId(), booking.userId(), booking.quantity());
        }
        CancellationReason reason = CancellationReason.PAYMENT_MISMATCH;
        Booking cancelled = booking.withStatus(BookingStatus.CANCELLED, payment.paymentId(), reason, now);
        store.update(cancelled);
        effects.publish(new BookingCancelled(booking.id(), booking.eventId(), booking.userId(), booking.quantity(),
                reason, true, payment.paymentId()));
        log.warn("Payment {} does not match booking {} ({}): booking cancelled for a refund", payment.paymentId(),
                booking.id(), String.join(", ", mismatch.keySet()));
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("status", Map.of("from", booking.status().name(), "to", BookingStatus.CANCELLED.name()));
        changes.put("reason", reason.name());
        changes.put("refundRequired", true);
        changes.put("paymentId", payment.paymentId().toString());
        changes.put("mismatch", mismatch);
        effects.bookingChanged(cancelled, "booking.payment_mismatch", payment.userId(), changes);
        return cancelled;
    }

    /** What of the payment differs from the booking, by field; empty when it is exactly the booking's. */
    private static Map<String, Object> mismatch(Booking booking, PaymentCompleted payment) {
        Map<String, Object> differs = new LinkedHashMap<>();
        if (!MinorUnits.same(booking.amount(), payment.amount())) {
            differs.put("amount", Map.of("expected", describe(booking.amount()), "paid", describe(payment.amount())));
        }
        if (!booking.userId().equals(payment.userId())) {
            differs.put("payer", Map.of("expected", booking.userId().toString(),
                    "paid", String.valueOf(payment.userId())));
        }
        return differs;
    }

    private static String describe(Money money) {
        return money == null || money.amount() == null ? "none"
                : money.amount().toPlainString() + " " + money.currency();
    }
}
