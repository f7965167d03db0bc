package com.eventplanner.booking;

import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.booking.CancellationReason;
import com.eventplanner.contracts.event.EventCancelled;
import com.eventplanner.contracts.event.EventCreated;
import com.eventplanner.contracts.event.EventUpdated;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the seat inventory in step with the event context: {@code event.created} opens it, {@code event.updated}
 * moves capacity and price, {@code event.cancelled} closes it and cancels its bookings. Messages may arrive out of
 * order: whichever of them comes first creates the row, and an update older than the last applied change is ignored.
 */
public final class InventoryProjection {

    private static final Logger log = LoggerFactory.getLogger(InventoryProjection.class);
    /** Stand-in currency of an inventory that was cancelled before it was ever opened. */
    private static final Money NO_PRICE = new Money(BigDecimal.ZERO, "XXX");

    private final BookingStore store;
    private final Effects effects;
    private final TransactionTemplate transaction;
    private final Clock clock;

    InventoryProjection(BookingStore store, Effects effects, TransactionTemplate transaction, Clock clock) {
        this.store = store;
        this.effects = effects;
        this.transaction = transaction;
        this.clock = clock;
    }

    public void eventCreated(Envelope<EventCreated> message) {
        EventCreated event = message.data();
        transaction.executeWithoutResult(status -> {
            Inventory inventory = new Inventory(event.eventId(), event.organizerId(), event.title(), event.capacity(),
                    event.capacity(), 0, event.price(), Inventory.Status.OPEN);
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
     * Applies a new price (for new bookings; existing ones keep theirs) and a new capacity. A capacity below the
     * seats already held or sold is refused — the old capacity stays and the conflict is logged and audited for
     * the organizer to resolve — while the rest of the change still applies.
     */
    public void eventUpdated(Envelope<EventUpdated> message) {
        EventUpdated event = message.data();
        transaction.executeWithoutResult(status -> {
            Instant now = now();
            Inventory current = store.inventory(event.eventId()).orElse(null);
            if (current == null) {
                Inventory inventory = new Inventory(event.eventId(), event.organizerId(), event.title(),
                        event.capacity(), event.capacity(), 0, event.price(), Inventory.Status.OPEN);
                store.openInventory(inventory, message.occurredAt(), now);
                effects.audit("inventory.opened", event.organizerId(), event.eventId(),
                        Map.of("capacity", event.capacity(), "from", "event.updated"));
                return;
            }
            if (!store.updateDetails(event.eventId(), event.title(), event.price(), message.occurredAt(), now)) {
                log.info("event.updated {} of event {} is older than the last applied change; ignored",
                        message.id(), event.eventId());
                return;
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("price", event.price().amount().toPlainString());
            changes.put("currency", event.price().currency());
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

    /** Closes the inventory and cancels every booking that holds seats, each announcing {@code booking.cancelled}. */
    public void eventCancelled(Envelope<EventCancelled> message) {
        EventCancelled event = message.data();
        transaction.executeWithoutResult(status -> {
            Instant now = now();
            if (store.inventory(event.eventId()).isEmpty()) {
                // cancelled before event.created arrived: a closed row keeps a late event.created from opening it
                store.openInventory(new Inventory(event.eventId(), event.organizerId(), event.title(), 0, 0, 0,
                        NO_PRICE, Inventory.Status.CANCELLED), message.occurredAt(), now);
            } else if (!store.markCancelled(event.eventId(), message.occurredAt(), now)) {
                log.info("Inventory of event {} was cancelled already", event.eventId());
            }
            int cancelled = 0;
            for (Booking booking : store.lockActiveOfEvent(event.eventId())) {
                Bookings.cancelLocked(store, effects, booking, CancellationReason.EVENT_CANCELLED,
                        event.organizerId(), now);
                cancelled++;
            }
            effects.audit("inventory.cancelled", event.organizerId(), event.eventId(),
                    Map.of("bookingsCancelled", cancelled));
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
