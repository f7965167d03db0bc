package com.eventplanner.booking;

import com.eventplanner.booking.BookingException.Kind;
import com.eventplanner.cache.CacheAside;
import com.eventplanner.cache.CacheKeys;
import com.eventplanner.contracts.booking.BookingCancelled;
import com.eventplanner.contracts.booking.BookingCreated;
import com.eventplanner.contracts.booking.CancellationReason;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.transaction.support.TransactionTemplate;

/** Booking requests of attendees: reserve seats, cancel, read. */
public final class Bookings {

    private final BookingStore store;
    private final Effects effects;
    private final TransactionTemplate transaction;
    private final CacheAside cache;
    private final BookingSettings settings;
    private final Clock clock;

    Bookings(BookingStore store, Effects effects, TransactionTemplate transaction, CacheAside cache,
             BookingSettings settings, Clock clock) {
        this.store = store;
        this.effects = effects;
        this.transaction = transaction;
        this.cache = cache;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Holds {@code quantity} seats for the attendee until the hold expires and announces {@code booking.created},
     * all in one transaction (the caller's, if one is active). The seat-taking UPDATE runs last, so the hot
     * inventory row stays locked only for that statement and the commit.
     *
     * @throws BookingException EVENT_NOT_FOUND, EVENT_NOT_BOOKABLE, SEAT_LIMIT_EXCEEDED or SOLD_OUT; nothing is kept
     */
    public Booking reserve(Attendee attendee, UUID eventId, int quantity) {
        return reserve(attendee, eventId, quantity, booking -> { });
    }

    /**
     * As {@link #reserve(Attendee, UUID, int)}, running {@code alongside} in the same transaction just before the
     * seats are taken (e.g. storing the response of an idempotent request), so that it does not lengthen the time
     * the event's inventory row stays locked.
     */
    public Booking reserve(Attendee attendee, UUID eventId, int quantity, Consumer<Booking> alongside) {
        if (quantity < 1 || quantity > 10) {
            throw new IllegalArgumentException("quantity must be 1..10: " + quantity);
        }
        return transaction.execute(status -> {
            Inventory inventory = store.inventory(eventId)
                    .orElseThrow(() -> new BookingException(Kind.EVENT_NOT_FOUND, "No bookable event " + eventId));
            if (inventory.status() != Inventory.Status.OPEN) {
                throw new BookingException(Kind.EVENT_NOT_BOOKABLE, "The event is cancelled.");
            }
            if (inventory.available() < quantity) {
                // answered from the snapshot to spare the writes; the conditional UPDATE below is what decides
                throw soldOut(quantity);
            }
            if (!store.addUserSeats(eventId, attendee.userId(), quantity, settings.maxSeatsPerUserPerEvent())) {
                throw new BookingException(Kind.SEAT_LIMIT_EXCEEDED, "At most " + settings.maxSeatsPerUserPerEvent()
                        + " seats per person for this event.");
            }
            Instant now = now();
            Booking booking = new Booking(UUID.randomUUID(), eventId, attendee.userId(), inventory.organizerId(),
                    quantity, inventory.price().multiply(quantity), BookingStatus.PENDING_PAYMENT,
                    now.plus(settings.holdDuration()), null, null, now, now);
            store.insert(booking);
            effects.publish(new BookingCreated(booking.id(), eventId, attendee.userId(), attendee.email(),
                    attendee.name(), quantity, booking.amount(), booking.holdExpiresAt()));
            alongside.accept(booking);
            if (!store.takeSeats(eventId, quantity)) {
                throw soldOut(quantity);
            }
            effects.bookingCreated(booking, attendee.userId(), changes(booking));
            return booking;
        });
    }

    /**
     * Cancels on behalf of its attendee or an admin: the seats go back on sale and {@code booking.cancelled} tells
     * payments to refund a paid booking.
     */
    public Booking cancel(UUID bookingId, UUID actorId, boolean admin) {
        return transaction.execute(status -> {
            Booking booking = store.lock(bookingId).filter(b -> b.visibleTo(actorId, admin))
                    .orElseThrow(() -> notFound(bookingId));
            if (!admin && !booking.userId().equals(actorId)) {
                throw new BookingException(Kind.FORBIDDEN, "Only the attendee or an admin can cancel a booking.");
            }
            if (!booking.status().holdsSeats()) {
                throw new BookingException(Kind.NOT_CANCELLABLE, "The booking is already " + booking.status() + ".");
            }
            return cancelLocked(store, effects, booking, CancellationReason.USER_REQUEST, actorId, now());
        });
    }

    /** The booking if it exists (cache-aside, {@code booking:<id>}); visibility is the caller's to check. */
    public Optional<Booking> find(UUID bookingId) {
        if (cache == null) {
            return store.find(bookingId);
        }
        return Optional.ofNullable(cache.get(CacheKeys.BOOKING.key(bookingId.toString()), CacheKeys.BOOKING.ttl(),
                Booking.class, () -> store.find(bookingId).orElse(null)));
    }

    public BookingPage listForUser(UUID userId, BookingStatus status, int page, int size) {
        return store.page("user_id", userId, status, page, size);
    }

    public BookingPage listForEvent(UUID eventId, BookingStatus status, int page, int size) {
        return store.page("event_id", eventId, status, page, size);
    }

    public Optional<Inventory> inventory(UUID eventId) {
        return store.inventory(eventId);
    }

    /** Cancels a locked booking that holds seats; shared by user cancellation, event cancellation. */
    static Booking cancelLocked(BookingStore store, Effects effects, Booking booking, CancellationReason reason,
                                UUID actor, Instant now) {
        boolean paid = booking.status() == BookingStatus.CONFIRMED;
        Booking cancelled = booking.withStatus(BookingStatus.CANCELLED, booking.paymentId(), reason, now);
        store.update(cancelled);
        store.releaseSeats(booking.eventId(), booking.quantity(), paid);
        store.removeUserSeats(booking.eventId(), booking.userId(), booking.quantity());
        effects.publish(new BookingCancelled(booking.id(), booking.eventId(), booking.userId(), booking.quantity(),
                reason, paid, booking.paymentId()));
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("status", Map.of("from", booking.status().name(), "to", cancelled.status().name()));
        changes.put("reason", reason.name());
        changes.put("refundRequired", paid);
        effects.bookingChanged(cancelled, "booking.cancelled", actor, changes);
        return cancelled;
    }

    static Map<String, Object> changes(Booking booking) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("eventId", booking.eventId().toString());
        changes.put("status", booking.status().name());
        changes.put("quantity", booking.quantity());
        changes.put("amount", booking.amount().amount().toPlainString());
        changes.put("currency", booking.amount().currency());
        return changes;
    }

    static BookingException notFound(UUID bookingId) {
        return new BookingException(Kind.BOOKING_NOT_FOUND, "No booking " + bookingId);
    }

    private static BookingException soldOut(int quantity) {
        return new BookingException(Kind.SOLD_OUT, "Fewer than " + quantity + " seats are left for this event.");
    }

    /** Microseconds: what PostgreSQL stores, so a value read back equals the one written. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
