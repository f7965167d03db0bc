package com.eventplanner.booking;

import com.eventplanner.booking.BookingException.Kind;
import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.booking.BookingCreated;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.MDC;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seat reservations with group commit. Every sale of an event ends on its one inventory row; with a transaction per
 * request that row's lock is held through a commit per booking, and a hot event sells no faster than commits go.
 * Here a request that finds its stripe idle runs at once, alone (no added latency when quiet); requests arriving
 * while a transaction runs queue up, and the next thread to take the stripe runs them all in one transaction:
 * statements batched per kind, the row locked once, the seats taken by one UPDATE. It is flat combining: the waiting
 * request threads take turns as the leader (one batch each), no thread is added.
 * <p>
 * A batch decides in arrival order with the same rules as a lone request, so it neither oversells nor refuses what
 * a lone request would have got; should the batch's transaction fail, each of its requests is retried alone.
 */
final class SeatReservations {

    private static final int STRIPES = 64;
    /** Bounds one transaction, and so how long the row stays locked and how long the last of a batch waits. */
    private static final int MAX_BATCH = 64;
    private static final String CORRELATION_ID = "correlationId";
    private static final long PARK_NANOS = 10_000_000;

    private final BookingStore store;
    private final Effects effects;
    private final TransactionTemplate transaction;
    private final BookingSettings settings;
    private final Clock clock;
    private final Stripe[] stripes = new Stripe[STRIPES];

    SeatReservations(BookingStore store, Effects effects, TransactionTemplate transaction, BookingSettings settings,
                     Clock clock) {
        this.store = store;
        this.effects = effects;
        this.transaction = transaction;
        this.settings = settings;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    ReservationOutcome reserve(Reservation reservation) {
        Pending pending = new Pending(reservation, MDC.get(CORRELATION_ID), Thread.currentThread());
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // the caller's transaction would carry other callers' bookings with it: this one goes alone, inside it
            complete(List.of(pending), reserveTogether(List.of(pending)));
        } else {
            Stripe stripe = stripes[Math.floorMod(reservation.eventId().hashCode(), STRIPES)];
            stripe.queue.add(pending);
            while (!pending.done()) {
                if (stripe.leader.compareAndSet(false, true)) {
                    lead(stripe, pending);
                } else {
                    // woken by the leader that completes this request, or by one handing over; the timeout is a net
                    LockSupport.parkNanos(this, PARK_NANOS);
                }
            }
        }
        if (pending.failure != null) {
            throw pending.failure;
        }
        return pending.outcome;
    }

    /** One batch, then leadership goes to the owner of the oldest request still waiting. */
    private void lead(Stripe stripe, Pending own) {
        List<Pending> batch = List.of();
        try {
            if (!own.done()) {
                batch = stripe.take();
                run(batch);
            }
        } finally {
            // even if run() died of an Error, every request taken is answered, so no owner waits forever
            for (Pending taken : batch) {
                if (!taken.done()) {
                    taken.failure = new IllegalStateException("The transaction holding this request failed");
                }
                LockSupport.unpark(taken.owner);
            }
            stripe.leader.set(false);
            Pending next = stripe.queue.peek();
            if (next != null) {
                LockSupport.unpark(next.owner);
            }
        }
    }

    private void run(List<Pending> batch) {
        Map<UUID, List<Pending>> byEvent = new LinkedHashMap<>();
        for (Pending pending : batch) {
            byEvent.computeIfAbsent(pending.reservation.eventId(), id -> new ArrayList<>()).add(pending);
        }
        for (List<Pending> group : byEvent.values()) {
            try {
                complete(group, reserveTogether(group));
            } catch (RuntimeException e) {
                if (group.size() == 1) {
                    group.get(0).failure = e;
                    continue;
                }
                for (Pending alone : group) {
                    try {
                        complete(List.of(alone), reserveTogether(List.of(alone)));
                    } catch (RuntimeException again) {
                        alone.failure = again;
                    }
                }
            }
        }
    }

    /** One transaction for requests of one event, in arrival order. */
    private List<ReservationOutcome> reserveTogether(List<Pending> group) {
        return transaction.execute(status -> {
            ReservationOutcome[] outcomes = new ReservationOutcome[group.size()];
            claimKeys(group, outcomes);
            UUID eventId = group.get(0).reservation.eventId();
            Inventory inventory = store.lockInventory(eventId).orElse(null);
            if (inventory == null) {
                refuseOpen(outcomes, new BookingException(Kind.EVENT_NOT_FOUND, "No bookable event " + eventId));
            } else if (inventory.status() != Inventory.Status.OPEN) {
                refuseOpen(outcomes, new BookingException(Kind.EVENT_NOT_BOOKABLE, "The event is cancelled."));
            } else {
                sell(group, inventory, outcomes);
            }
            List<Reservation> refusedKeys = new ArrayList<>();
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] instanceof ReservationOutcome.Refused
                        && group.get(i).reservation.idempotencyKey() != null) {
                    refusedKeys.add(group.get(i).reservation);
                }
            }
            if (!refusedKeys.isEmpty()) {
                store.releaseKeys(refusedKeys); // a refusal keeps nothing, so a retry is answered afresh
            }
            return List.of(outcomes);
        });
    }

    private void claimKeys(List<Pending> group, ReservationOutcome[] outcomes) {
        List<Integer> keyed = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            if (group.get(i).reservation.idempotencyKey() != null) {
                keyed.add(i);
            }
        }
        if (keyed.isEmpty()) {
            return;
        }
        boolean[] claimed = store.claimKeys(keyed.stream().map(i -> group.get(i).reservation).toList());
        for (int j = 0; j < claimed.length; j++) {
            if (!claimed[j]) {
                outcomes[keyed.get(j)] = new ReservationOutcome.AlreadyClaimed();
            }
        }
    }

    /** Per-user cap first (as a lone request), then seats in arrival order while they last. */
    private void sell(List<Pending> group, Inventory inventory, ReservationOutcome[] outcomes) {
        int cap = settings.maxSeatsPerUserPerEvent();
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                if (group.get(i).reservation.quantity() > cap) {
                    outcomes[i] = refused(seatLimit());
                } else {
                    candidates.add(i);
                }
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        boolean[] withinCap = store.addUserSeats(candidates.stream().map(i -> group.get(i).reservation).toList(), cap);
        int available = inventory.available();
        List<Reservation> undoCap = new ArrayList<>();
        List<Integer> winners = new ArrayList<>();
        for (int j = 0; j < withinCap.length; j++) {
            int i = candidates.get(j);
            Reservation reservation = group.get(i).reservation;
            if (!withinCap[j]) {
                outcomes[i] = refused(seatLimit());
            } else if (reservation.quantity() > available) {
                outcomes[i] = refused(new BookingException(Kind.SOLD_OUT,
                        "Fewer than " + reservation.quantity() + " seats are left for this event."));
                undoCap.add(reservation);
            } else {
                available -= reservation.quantity();
                winners.add(i);
            }
        }
        if (!undoCap.isEmpty()) {
            store.removeUserSeats(undoCap);
        }
        if (!winners.isEmpty()) {
            hold(group, inventory, winners, outcomes);
        }
    }

    private void hold(List<Pending> group, Inventory inventory, List<Integer> winners, ReservationOutcome[] outcomes) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL stores
        List<Booking> bookings = new ArrayList<>();
        List<Envelope<?>> messages = new ArrayList<>();
        List<ReservationOutcome.Reserved> keyedOutcomes = new ArrayList<>();
        List<Reservation> keyed = new ArrayList<>();
        int seats = 0;
        for (int i : winners) {
            Pending pending = group.get(i);
            Reservation reservation = pending.reservation;
            Attendee attendee = reservation.attendee();
            Booking booking = new Booking(UUID.randomUUID(), inventory.eventId(), attendee.userId(),
                    inventory.organizerId(), reservation.quantity(),
                    inventory.price().multiply(reservation.quantity()), BookingStatus.PENDING_PAYMENT,
                    now.plus(settings.holdDuration()), null, null, now, now);
            bookings.add(booking);
            messages.add(effects.envelope(new BookingCreated(booking.id(), booking.eventId(), attendee.userId(),
                    attendee.email(), attendee.name(), booking.quantity(), booking.amount(),
                    booking.holdExpiresAt()), pending.correlationId));
            IdempotencyKey key = reservation.idempotencyKey();
            ReservationOutcome.Reserved outcome =
                    new ReservationOutcome.Reserved(booking, key == null ? null : key.response().apply(booking));
            if (key != null) {
                keyedOutcomes.add(outcome);
                keyed.add(reservation);
            }
            seats += booking.quantity();
            outcomes[i] = outcome;
        }
        store.insert(bookings);
        effects.publishAll(messages);
        if (!keyed.isEmpty()) {
            store.storeResponses(keyedOutcomes, keyed);
        }
        if (!store.takeSeats(inventory.eventId(), seats)) {
            throw new IllegalStateException("Inventory of " + inventory.eventId() + " changed under its row lock");
        }
        for (int j = 0; j < bookings.size(); j++) {
            Booking booking = bookings.get(j);
            effects.bookingCreated(booking, booking.userId(), Bookings.changes(booking),
                    group.get(winners.get(j)).correlationId);
        }
    }

    private static void refuseOpen(ReservationOutcome[] outcomes, BookingException reason) {
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                outcomes[i] = refused(reason);
            }
        }
    }

    private BookingException seatLimit() {
        return new BookingException(Kind.SEAT_LIMIT_EXCEEDED,
                "At most " + settings.maxSeatsPerUserPerEvent() + " seats per person for this event.");
    }

    private static ReservationOutcome refused(BookingException reason) {
        return new ReservationOutcome.Refused(reason);
    }

    private static void complete(List<Pending> group, List<ReservationOutcome> outcomes) {
        for (int i = 0; i < group.size(); i++) {
            group.get(i).outcome = outcomes.get(i);
        }
    }

    private static final class Stripe {
        final AtomicBoolean leader = new AtomicBoolean();
        final Queue<Pending> queue = new ConcurrentLinkedQueue<>();

        List<Pending> take() {
            List<Pending> batch = new ArrayList<>();
            Pending next;
            while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
                batch.add(next);
            }
            return batch;
        }
    }

    /** Completed by the leader, then its owner is unparked; volatile since the owner reads without a lock. */
    private static final class Pending {
        final Reservation reservation;
        final String correlationId;
        final Thread owner;
        volatile ReservationOutcome outcome;
        volatile RuntimeException failure;

        Pending(Reservation reservation, String correlationId, Thread owner) {
            this.reservation = reservation;
            this.correlationId = correlationId;
            this.owner = owner;
        }

        boolean done() {
            return outcome != null || failure != null;
        }
    }
}
