package com.eventplanner.booking;

import com.eventplanner.booking.BookingException.Kind;
import com.eventplanner.cache.CacheAside;
import com.eventplanner.cache.CacheKeys;
import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.booking.BookingCancelled;
import com.eventplanner.contracts.booking.CancellationReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.transaction.support.TransactionTemplate;

/** Booking requests of attendees: reserve seats, cancel, read. */
public final class Bookings {

    private final BookingStore store;
    private final Effects effects;
    private final TransactionTemplate transaction;
    private final CacheAside cache;
    private final Clock clock;
    private final Duration cancellationCutoff;
    private final SeatReservations reservations;

    Bookings(BookingStore store, Effects effects, TransactionTemplate transaction, CacheAside cache,
             BookingSettings settings, Clock clock) {
        this.store = store;
        this.effects = effects;
        this.transaction = transaction;
        this.cache = cache;
        this.clock = clock;
        this.cancellationCutoff = settings.cancellationCutoff();
        this.reservations = new SeatReservations(store, effects, transaction, settings, clock);
    }

    /**
     * Holds {@code quantity} seats for the attendee until the hold expires and announces {@code booking.created}.
     *
     * @throws BookingException EVENT_NOT_FOUND, EVENT_NOT_BOOKABLE, SEAT_LIMIT_EXCEEDED or SOLD_OUT; nothing is kept
     */
    public Booking reserve(Attendee attendee, UUID eventId, int quantity) {
        ReservationOutcome outcome = reserve(new Reservation(attendee, eventId, quantity, null));
        if (outcome instanceof ReservationOutcome.Refused refused) {
            throw refused.reason();
        }
        return ((ReservationOutcome.Reserved) outcome).booking();
    }

    /**
     * Holds the seats asked for, in the same transaction as the requests for the same event arriving meanwhile (see
     * {@link SeatReservations}); with an idempotency key, claims it and stores the response alongside.
     */
    public ReservationOutcome reserve(Reservation reservation) {
        return reservations.reserve(reservation);
    }

    /** What was stored under an attendee's idempotency key, if anything. */
    public Optional<IdempotencyKey.Stored> storedResponse(UUID userId, String key) {
        return store.storedResponse(userId, key);
    }

    /**
     * Cancels on behalf of its attendee or an admin: the seats go back on sale and {@code booking.cancelled} tells
     * payments to refund a paid booking. The attendee may do so until {@code cancellationCutoff} before the event
     * starts (as event.created or event.updated last said); an admin at any time.
     *
     * @throws BookingException BOOKING_NOT_FOUND, FORBIDDEN, NOT_CANCELLABLE or CANCELLATION_WINDOW_CLOSED
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
            if (!admin) {
                requireCancellationWindowOpen(booking);
            }
            return cancelLocked(booking, actorId);
        });
    }

    private void requireCancellationWindowOpen(Booking booking) {
        Instant startsAt = store.inventory(booking.eventId()).map(Inventory::startsAt).orElse(null);
        if (startsAt != null && !now().isBefore(startsAt.minus(cancellationCutoff))) {
            throw new BookingException(Kind.CANCELLATION_WINDOW_CLOSED, "Bookings can be cancelled until "
                    + describe(cancellationCutoff) + " before the event starts (" + startsAt + ").");
        }
    }

    private static String describe(Duration duration) {
        if (duration.toMinutesPart() == 0 && duration.toSecondsPart() == 0) {
            return duration.toHours() + (duration.toHours() == 1 ? " hour" : " hours");
        }
        return duration.toMinutes() + " minutes";
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

    /** Cancels a locked booking that holds seats, on its attendee's or an admin's request. */
    private Booking cancelLocked(Booking booking, UUID actor) {
        return cancelAllLocked(store, effects, List.of(booking), CancellationReason.USER_REQUEST, actor, now()).get(0);
    }

    /**
     * Cancels locked bookings of one event that hold seats, each announcing {@code booking.cancelled}, in a fixed
     * number of statements whatever their count; shared by user cancellation and event cancellation.
     */
    static List<Booking> cancelAllLocked(BookingStore store, Effects effects, List<Booking> bookings,
                                         CancellationReason reason, UUID actor, Instant now) {
        List<Booking> cancelled = new ArrayList<>(bookings.size());
        List<Envelope<?>> messages = new ArrayList<>(bookings.size());
        List<Effects.Change> changes = new ArrayList<>(bookings.size());
        Map<UUID, int[]> seatsByEvent = new LinkedHashMap<>();
        String correlationId = MDC.get("correlationId");
        for (Booking booking : bookings) {
            boolean paid = booking.status() == BookingStatus.CONFIRMED;
            Booking done = booking.withStatus(BookingStatus.CANCELLED, booking.paymentId(), reason, now);
            cancelled.add(done);
            int[] seats = seatsByEvent.computeIfAbsent(booking.eventId(), id -> new int[2]);
            seats[0] += booking.quantity();
            seats[1] += paid ? booking.quantity() : 0;
            messages.add(effects.envelope(new BookingCancelled(booking.id(), booking.eventId(), booking.userId(),
                    booking.quantity(), reason, paid, booking.paymentId()), correlationId));
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("status", Map.of("from", booking.status().name(), "to", done.status().name()));
            change.put("reason", reason.name());
            change.put("refundRequired", paid);
            changes.add(new Effects.Change(done, "booking.cancelled", actor, change));
        }
        store.update(cancelled);
        seatsByEvent.forEach((eventId, seats) -> store.releaseSeats(eventId, seats[0], seats[1]));
        store.removeUserSeatsOf(bookings);
        effects.publishAll(messages);
        effects.bookingsChanged(changes);
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

    /** Microseconds: what PostgreSQL stores, so a value read back equals the one written. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
