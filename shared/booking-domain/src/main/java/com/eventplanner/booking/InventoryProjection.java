package com.eventplanner.booking;

import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.booking.CancellationReason;
import com.eventplanner.contracts.event.EventCancelled;
import com.eventplanner.contracts.event.EventCreated;
import com.eventplanner.contracts.event.EventUpdated;
import com.eventplanner.messaging.consumer.InvocationBudget;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the seat inventory in step with the event context: {@code event.created} opens it, {@code event.updated}
 * moves capacity, start and price, {@code event.cancelled} closes it and cancels its bookings. Messages arrive on
 * different queues in any order, also at the same time: whichever comes first creates the row, a later one applies
 * to that row (an insert that loses the race waits for the winner's commit and then sees its row), an update older
 * than the last applied change is ignored, and a cancelled inventory never opens again.
 */
public final class InventoryProjection {

    private static final Logger log = LoggerFactory.getLogger(InventoryProjection.class);
    /** Stand-in currency of an inventory that was cancelled before it was ever opened. */
    private static final Money NO_PRICE = new Money(BigDecimal.ZERO, "XXX");
    /**
     * Kept free after the last chunk of an event cancellation: to commit the continuation, publish it right away
     * (the outbox drain starts an SNS call only with its own reserve left, OutboxRelay.Settings) and answer.
     */
    private static final Duration CANCELLATION_RESERVE = Duration.ofMillis(1_500);

    private final BookingStore store;
    private final Effects effects;
    private final TransactionTemplate transaction;
    private final BookingSettings settings;
    private final Clock clock;

    InventoryProjection(BookingStore store, Effects effects, TransactionTemplate transaction, BookingSettings settings,
                        Clock clock) {
        this.store = store;
        this.effects = effects;
        this.transaction = transaction;
        this.settings = settings;
        this.clock = clock;
    }

    public void eventCreated(Envelope<EventCreated> message) {
        EventCreated event = message.data();
        transaction.executeWithoutResult(status -> {
            Inventory inventory = new Inventory(event.eventId(), event.organizerId(), event.title(), event.capacity(),
                    event.capacity(), 0, event.price(), Inventory.Status.OPEN, event.startsAt());
            if (store.openInventory(inventory, message.occurredAt(), now())) {
                effects.audit("inventory.opened", event.organizerId(), event.eventId(), Map.of(
                        "capacity", event.capacity(), "price", event.price().amount().toPlainString(),
                        "currency", event.price().currency()));
            } else {
                log.info("Inventory of event {} exists already; event.created {} ignored", event.eventId(),
                        message.id());
            }
        });
    }

    /**
     * Applies a new price (for new bookings; existing ones keep theirs), start and capacity. A capacity below the
     * seats already held or sold is refused — the old capacity stays and the conflict is logged and audited for
     * the organizer to resolve — while the rest of the change still applies.
     */
    public void eventUpdated(Envelope<EventUpdated> message) {
        EventUpdated event = message.data();
        transaction.executeWithoutResult(status -> {
            Instant now = now();
            Inventory opened = new Inventory(event.eventId(), event.organizerId(), event.title(), event.capacity(),
                    event.capacity(), 0, event.price(), Inventory.Status.OPEN, event.startsAt());
            if (store.openInventory(opened, message.occurredAt(), now)) {
                effects.audit("inventory.opened", event.organizerId(), event.eventId(),
                        Map.of("capacity", event.capacity(), "from", "event.updated"));
                return;
            }
            // the row existed, or a concurrent event.created or event.cancelled committed it while the insert waited
            Inventory current = store.lockInventory(event.eventId()).orElseThrow();
            if (!store.updateDetails(event.eventId(), event.title(), event.startsAt(), event.price(),
                    message.occurredAt(), now)) {
                log.info("event.updated {} of event {} is older than the last applied change; ignored",
                        message.id(), event.eventId());
                return;
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("price", event.price().amount().toPlainString());
            changes.put("currency", event.price().currency());
            changes.put("startsAt", String.valueOf(event.startsAt()));
            if (event.capacity() != current.capacity()) {
                if (store.changeCapacity(event.eventId(), event.capacity(), now)) {
                    changes.put("capacity", Map.of("from", current.capacity(), "to", event.capacity()));
                } else {
                    int taken = current.capacity() - current.available();
                    log.warn("Capacity of event {} not lowered to {}: {} seats are held or sold; keeping {}",
                            event.eventId(), event.capacity(), taken, current.capacity());
                    effects.audit("inventory.capacity_conflict", event.organizerId(), event.eventId(), Map.of(
                            "requestedCapacity", event.capacity(), "seatsTaken", taken,
                            "keptCapacity", current.capacity()));
                }
            }
            effects.audit("inventory.updated", event.organizerId(), event.eventId(), changes);
        });
    }

    /** {@link #eventCancelled(Envelope, InvocationBudget)} with all the time it takes. */
    public void eventCancelled(Envelope<EventCancelled> message) {
        eventCancelled(message, InvocationBudget.unlimited());
    }

    /**
     * Closes the inventory in a transaction of its own, so that nothing more is sold from then on, then cancels the
     * event's bookings that hold seats in chunks of {@code cancellationChunkSize}, each chunk one transaction with
     * its {@code booking.cancelled} messages. Stops before a chunk that might not end within {@code budget}, and
     * then commits a continuation: the message again, under a new id, to be delivered to the same consumer. Safe to
     * run again with the same message, also concurrently: a booking is cancelled once, and a second run carries on
     * where the first stopped.
     *
     * @return true once the event has no booking holding seats; false when time ran out and a continuation is
     *         committed
     */
    public boolean eventCancelled(Envelope<EventCancelled> message, InvocationBudget budget) {
        EventCancelled event = message.data();
        transaction.executeWithoutResult(status -> close(event, message.occurredAt()));
        Duration lastChunk = Duration.ZERO;
        while (budget.hasTimeFor(lastChunk.multipliedBy(2).plus(CANCELLATION_RESERVE))) {
            long start = System.nanoTime();
            Integer cancelled = transaction.execute(status -> {
                List<Booking> chunk = store.lockActiveOfEvent(event.eventId(), settings.cancellationChunkSize());
                Bookings.cancelAllLocked(store, effects, chunk, CancellationReason.EVENT_CANCELLED,
                        event.organizerId(), now());
                return chunk.size();
            });
            lastChunk = Duration.ofNanos(System.nanoTime() - start);
            if (cancelled == null || cancelled == 0) {
                return true;
            }
            log.info("Event {} cancelled: {} bookings cancelled in {} ms", event.eventId(), cancelled,
                    lastChunk.toMillis());
        }
        // the rest in a new message through the booking topic, whose subscription leads back to this consumer's
        // queue: a fresh receive count, where a redelivery would count towards the DLQ however far each run got
        transaction.executeWithoutResult(status -> effects.continueOnBookingTopic(new Envelope<>(UUID.randomUUID(),
                message.type(), message.version(), message.source(), message.occurredAt(), message.correlationId(),
                event)));
        log.info("Event {} cancelled: bookings left when the time of this run was up; a continuation carries on",
                event.eventId());
        return false;
    }

    /** Marks the inventory cancelled, creating it closed if no event.created arrived yet (it then never opens). */
    private void close(EventCancelled event, Instant occurredAt) {
        Instant now = now();
        boolean closed = store.openInventory(new Inventory(event.eventId(), event.organizerId(), event.title(), 0, 0,
                0, NO_PRICE, Inventory.Status.CANCELLED, null), occurredAt, now)
                // the row existed, or a concurrent event.created committed it while the insert waited
                || store.markCancelled(event.eventId(), occurredAt, now);
        if (closed) {
            effects.audit("inventory.cancelled", event.organizerId(), event.eventId(),
                    event.reason() == null ? Map.of() : Map.of("reason", event.reason()));
        } else {
            log.info("Inventory of event {} was cancelled already", event.eventId());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
