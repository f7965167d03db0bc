package com.eventplanner.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.eventplanner.audit.AuditRecord;
import com.eventplanner.booking.BookingException.Kind;
import com.eventplanner.cache.CacheKeys;
import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.Money;
import com.eventplanner.contracts.booking.BookingCancelled;
import com.eventplanner.contracts.booking.BookingConfirmed;
import com.eventplanner.contracts.booking.BookingCreated;
import com.eventplanner.contracts.booking.BookingExpired;
import com.eventplanner.contracts.booking.CancellationReason;
import com.eventplanner.contracts.event.EventCancelled;
import com.eventplanner.contracts.event.EventCreated;
import com.eventplanner.contracts.event.EventUpdated;
import com.eventplanner.contracts.event.Venue;
import com.eventplanner.contracts.payment.PaymentCompleted;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class BookingDomainTest {

    private final DomainFixture fx = DomainFixture.get();
    private final Bookings bookings = fx.domain.bookings();

    @Test
    void reservingHoldsSeatsAndAnnouncesTheBookingWithTheAttendeesContact() {
        UUID eventId = fx.openEvent(5, "20.00");
        Attendee ada = DomainFixture.attendee();

        Booking booking = bookings.reserve(ada, eventId, 2);

        assertThat(booking.status()).isEqualTo(BookingStatus.PENDING_PAYMENT);
        assertThat(booking.amount()).isEqualTo(new Money(new BigDecimal("40.00"), "EUR"));
        assertThat(booking.holdExpiresAt()).isEqualTo(fx.clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(fx.inventory(eventId).available()).isEqualTo(3);
        List<Envelope<BookingCreated>> created = fx.outbox("booking.created", booking.id(), BookingCreated.class);
        assertThat(created).singleElement().satisfies(message -> {
            assertThat(message.source()).isEqualTo(DomainFixture.SOURCE);
            assertThat(message.data().attendeeEmail()).isEqualTo(ada.email());
            assertThat(message.data().attendeeName()).isEqualTo("Ada Lovelace");
            assertThat(message.data().quantity()).isEqualTo(2);
            assertThat(message.data().holdExpiresAt()).isEqualTo(booking.holdExpiresAt());
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> audit("booking.created", booking.id()).size() == 1);
    }

    @Test
    void concurrentReservationsOfMixedSizesNeverSellMoreThanTheCapacity() throws Exception {
        UUID eventId = fx.openEvent(50, "10.00");
        int requests = 80;
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Integer> held = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Kind> refused = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            int quantity = 1 + i % 4;
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    held.add(bookings.reserve(DomainFixture.attendee(), eventId, quantity).quantity());
                } catch (BookingException e) {
                    refused.add(e.kind());
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        int seatsHeld = held.stream().mapToInt(Integer::intValue).sum();
        Inventory inventory = fx.inventory(eventId);
        assertThat(seatsHeld).isLessThanOrEqualTo(50).isEqualTo(fx.heldSeats(eventId));
        assertThat(inventory.available()).isEqualTo(50 - seatsHeld).isGreaterThanOrEqualTo(0);
        // 80 requests asking for 200 seats: whatever is left is smaller than some refused request
        assertThat(inventory.available()).isLessThan(4);
        assertThat(refused).isNotEmpty().containsOnly(Kind.SOLD_OUT);
        assertThat(held.size() + refused.size()).isEqualTo(requests);
    }

    @Test
    void requestsSharingATransactionKeepTheirOwnOutcomeKeyAndCorrelationId() throws Exception {
        UUID eventId = fx.openEvent(30, "10.00");
        Attendee scalper = DomainFixture.attendee();
        Attendee twin = DomainFixture.attendee();
        int requests = 48;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        List<Reservation> asked = new ArrayList<>();
        List<Future<ReservationOutcome>> futures = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            // a third of the requests are one scalper's (cap 10); requests 1 and 2 are one retry under one key
            Attendee attendee = i % 3 == 0 ? scalper : i == 1 || i == 2 ? twin : DomainFixture.attendee();
            String key = i == 2 ? "key-1" : "key-" + i;
            Reservation reservation = new Reservation(attendee, eventId, 1,
                    new IdempotencyKey(key, "hash", booking -> "{\"id\":\"" + booking.id() + "\"}"));
            asked.add(reservation);
            String correlationId = "request-" + i;
            futures.add(pool.submit(() -> {
                start.await();
                MDC.put("correlationId", correlationId);
                try {
                    return bookings.reserve(reservation);
                } finally {
                    MDC.remove("correlationId");
                }
            }));
        }
        start.countDown();
        List<ReservationOutcome> outcomes = new ArrayList<>();
        for (Future<ReservationOutcome> future : futures) {
            outcomes.add(future.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        int scalperSeats = 0;
        for (int i = 0; i < requests; i++) {
            Reservation reservation = asked.get(i);
            UUID userId = reservation.attendee().userId();
            String key = reservation.idempotencyKey().key();
            if (outcomes.get(i) instanceof ReservationOutcome.Reserved reserved) {
                Booking booking = reserved.booking();
                assertThat(booking.userId()).isEqualTo(userId);
                assertThat(fx.outbox("booking.created", booking.id(), BookingCreated.class))
                        .singleElement().extracting(Envelope::correlationId).isEqualTo("request-" + i);
                assertThat(bookings.storedResponse(userId, key)).get()
                        .extracting(IdempotencyKey.Stored::body).asString().contains(booking.id().toString());
                scalperSeats += userId.equals(scalper.userId()) ? 1 : 0;
            } else if (outcomes.get(i) instanceof ReservationOutcome.Refused refused) {
                assertThat(refused.reason().kind()).isIn(Kind.SOLD_OUT, Kind.SEAT_LIMIT_EXCEEDED);
                if (!userId.equals(twin.userId())) {
                    assertThat(bookings.storedResponse(userId, key)).isEmpty(); // released for a fresh retry
                }
            }
        }
        // one key, one booking at most; the retry saw the key claimed unless the first was refused and released it
        assertThat(outcomes.subList(1, 3)).filteredOn(ReservationOutcome.Reserved.class::isInstance).hasSizeLessThan(2);
        assertThat(outcomes.subList(3, requests)).noneMatch(ReservationOutcome.AlreadyClaimed.class::isInstance);
        assertThat(outcomes).filteredOn(ReservationOutcome.Reserved.class::isInstance).hasSize(30);
        assertThat(fx.inventory(eventId).available()).isZero();
        assertThat(fx.heldSeats(eventId)).isEqualTo(30);
        assertThat(scalperSeats).isLessThanOrEqualTo(10);
        // seats of the scalper's requests that were sold out went back off the cap's tally
        assertThat(fx.jdbc.queryForObject("SELECT seats FROM user_event_seats WHERE event_id = ? AND user_id = ?",
                Integer.class, eventId, scalper.userId())).isEqualTo(scalperSeats);
    }

    @Test
    void aUserCannotHoldMoreThanTheCapOfOneEvent() {
        UUID eventId = fx.openEvent(100, "5.00");
        Attendee scalper = DomainFixture.attendee();
        Booking first = bookings.reserve(scalper, eventId, 6);

        assertThatThrownBy(() -> bookings.reserve(scalper, eventId, 5))
                .isInstanceOfSatisfying(BookingException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.SEAT_LIMIT_EXCEEDED));
        assertThat(fx.inventory(eventId).available()).isEqualTo(94);

        bookings.cancel(first.id(), scalper.userId(), false);
        assertThat(bookings.reserve(scalper, eventId, 10).quantity()).isEqualTo(10);
    }

    @Test
    void cancellingAPaidBookingReleasesItsSeatsAndAsksForARefund() {
        UUID eventId = fx.openEvent(10, "30.00");
        Attendee ada = DomainFixture.attendee();
        Booking booking = bookings.reserve(ada, eventId, 3);
        UUID paymentId = UUID.randomUUID();
        pay(booking, paymentId);
        assertThat(fx.inventory(eventId).seatsSold()).isEqualTo(3);
        assertThat(bookings.find(booking.id()).orElseThrow().status()).isEqualTo(BookingStatus.CONFIRMED);

        Booking cancelled = bookings.cancel(booking.id(), ada.userId(), false);

        assertThat(cancelled.status()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(cancelled.cancellationReason()).isEqualTo(CancellationReason.USER_REQUEST);
        Inventory inventory = fx.inventory(eventId);
        assertThat(inventory.available()).isEqualTo(10);
        assertThat(inventory.seatsSold()).isZero();
        assertThat(fx.outbox("booking.cancelled", booking.id(), BookingCancelled.class)).singleElement()
                .satisfies(m -> {
                    assertThat(m.data().refundRequired()).isTrue();
                    assertThat(m.data().paymentId()).isEqualTo(paymentId);
                    assertThat(m.data().reason()).isEqualTo(CancellationReason.USER_REQUEST);
                });
        // the cached CONFIRMED copy was evicted with the change
        assertThat(bookings.find(booking.id()).orElseThrow().status()).isEqualTo(BookingStatus.CANCELLED);
        assertThatThrownBy(() -> bookings.cancel(booking.id(), ada.userId(), false))
                .isInstanceOfSatisfying(BookingException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.NOT_CANCELLABLE));
    }

    @Test
    void onlyTheAttendeeOrAnAdminCancelsAndStrangersDoNotLearnTheBookingExists() {
        UUID eventId = fx.openEvent(10, "30.00");
        Booking booking = bookings.reserve(DomainFixture.attendee(), eventId, 1);

        assertThatThrownBy(() -> bookings.cancel(booking.id(), UUID.randomUUID(), false))
                .isInstanceOfSatisfying(BookingException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.BOOKING_NOT_FOUND));
        assertThatThrownBy(() -> bookings.cancel(booking.id(), booking.organizerId(), false))
                .isInstanceOfSatisfying(BookingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FORBIDDEN));
        assertThat(bookings.cancel(booking.id(), UUID.randomUUID(), true).status())
                .isEqualTo(BookingStatus.CANCELLED);
    }

    @Test
    void expiredHoldsAreReleasedOnceAndAnnounced() {
        UUID eventId = fx.openEvent(4, "12.50");
        Booking booking = bookings.reserve(DomainFixture.attendee(), eventId, 4);
        bookings.find(booking.id());
        assertThat(fx.domain.holdExpiry().releaseExpired()).isZero();

        fx.clock.advance(Duration.ofMinutes(16));
        assertThat(fx.domain.holdExpiry().releaseExpired()).isGreaterThanOrEqualTo(1);

        assertThat(bookings.find(booking.id()).orElseThrow().status()).isEqualTo(BookingStatus.EXPIRED);
        assertThat(fx.inventory(eventId).available()).isEqualTo(4);
        assertThat(fx.outbox("booking.expired", booking.id(), BookingExpired.class)).singleElement()
                .satisfies(m -> assertThat(m.data().quantity()).isEqualTo(4));
        assertThat(fx.domain.holdExpiry().releaseExpired()).isZero();
        assertThat(fx.outbox("booking.expired", booking.id(), BookingExpired.class)).hasSize(1);
    }

    @Test
    void aLatePaymentTakesTheSeatsAgainWhenTheyAreStillFree() {
        UUID eventId = fx.openEvent(3, "10.00");
        Booking booking = bookings.reserve(DomainFixture.attendee(), eventId, 2);
        fx.clock.advance(Duration.ofMinutes(16));
        fx.domain.holdExpiry().releaseExpired();
        assertThat(fx.inventory(eventId).available()).isEqualTo(3);

        UUID paymentId = UUID.randomUUID();
        Booking confirmed = pay(booking, paymentId);

        assertThat(confirmed.status()).isEqualTo(BookingStatus.CONFIRMED);
        Inventory inventory = fx.inventory(eventId);
        assertThat(inventory.available()).isEqualTo(1);
        assertThat(inventory.seatsSold()).isEqualTo(2);
        assertThat(fx.outbox("booking.confirmed", booking.id(), BookingConfirmed.class)).singleElement()
                .satisfies(m -> assertThat(m.data().paymentId()).isEqualTo(paymentId));
    }

    @Test
    void aLatePaymentWithoutFreeSeatsCancelsTheBookingForARefund() {
        UUID eventId = fx.openEvent(2, "10.00");
        Booking late = bookings.reserve(DomainFixture.attendee(), eventId, 2);
        fx.clock.advance(Duration.ofMinutes(16));
        fx.domain.holdExpiry().releaseExpired();
        Booking other = bookings.reserve(DomainFixture.attendee(), eventId, 1);

        UUID paymentId = UUID.randomUUID();
        Booking result = pay(late, paymentId);

        assertThat(result.status()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(result.cancellationReason()).isEqualTo(CancellationReason.REFUND_LATE_PAYMENT);
        assertThat(result.paymentId()).isEqualTo(paymentId);
        assertThat(fx.outbox("booking.cancelled", late.id(), BookingCancelled.class)).singleElement()
                .satisfies(m -> {
                    assertThat(m.data().reason()).isEqualTo(CancellationReason.REFUND_LATE_PAYMENT);
                    assertThat(m.data().refundRequired()).isTrue();
                    assertThat(m.data().paymentId()).isEqualTo(paymentId);
                });
        assertThat(fx.outbox("booking.confirmed", late.id(), BookingConfirmed.class)).isEmpty();
        Inventory inventory = fx.inventory(eventId);
        assertThat(inventory.available()).isEqualTo(1);
        assertThat(inventory.seatsSold()).isZero();
        assertThat(bookings.find(other.id()).orElseThrow().status()).isEqualTo(BookingStatus.PENDING_PAYMENT);
        // a redelivered payment changes nothing more
        assertThat(pay(late, paymentId).status()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(fx.outbox("booking.cancelled", late.id(), BookingCancelled.class)).hasSize(1);
    }

    @Test
    void aPaymentForAnUnknownBookingFailsSoTheMessageIsRetried() {
        PaymentCompleted payment = new PaymentCompleted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                new Money(BigDecimal.TEN, "EUR"));
        assertThatThrownBy(() -> fx.domain.payments().paymentCompleted(fx.envelope(payment)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void capacityFollowsUpdatesButNeverDropsBelowTheSeatsTaken() {
        UUID organizerId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        fx.domain.inventory().eventCreated(fx.envelope(DomainFixture.eventCreated(eventId, organizerId, 10, "10.00")));
        bookings.reserve(DomainFixture.attendee(), eventId, 4);

        fx.clock.advance(Duration.ofSeconds(1));
        fx.domain.inventory().eventUpdated(fx.envelope(updated(eventId, organizerId, 20, "15.00")));
        Inventory raised = fx.inventory(eventId);
        assertThat(raised.capacity()).isEqualTo(20);
        assertThat(raised.available()).isEqualTo(16);
        assertThat(raised.price().amount()).isEqualByComparingTo("15.00");

        fx.clock.advance(Duration.ofSeconds(1));
        fx.domain.inventory().eventUpdated(fx.envelope(updated(eventId, organizerId, 3, "12.00")));
        Inventory kept = fx.inventory(eventId);
        assertThat(kept.capacity()).isEqualTo(20);
        assertThat(kept.available()).isEqualTo(16);
        assertThat(kept.price().amount()).isEqualByComparingTo("12.00");
        await().atMost(Duration.ofSeconds(10)).until(() -> !audit("inventory.capacity_conflict", eventId).isEmpty());
        assertThat(audit("inventory.capacity_conflict", eventId).get(0).changes())
                .containsEntry("requestedCapacity", 3).containsEntry("seatsTaken", 4);

        // the new price applies to new bookings only
        assertThat(bookings.reserve(DomainFixture.attendee(), eventId, 1).amount().amount())
                .isEqualByComparingTo("12.00");
    }

    @Test
    void anUpdateOlderThanTheLastAppliedChangeIsIgnored() {
        UUID organizerId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        Instant earlier = fx.clock.instant();
        fx.clock.advance(Duration.ofSeconds(5));
        fx.domain.inventory().eventUpdated(fx.envelope(updated(eventId, organizerId, 8, "9.00")));
        fx.domain.inventory().eventUpdated(new Envelope<>(UUID.randomUUID(),
                com.eventplanner.contracts.MessageType.EVENT_UPDATED, 1, "test", earlier, "c",
                updated(eventId, organizerId, 30, "1.00")));
        fx.domain.inventory().eventCreated(fx.envelope(DomainFixture.eventCreated(eventId, organizerId, 50, "2.00")));

        Inventory inventory = fx.inventory(eventId);
        assertThat(inventory.capacity()).isEqualTo(8);
        assertThat(inventory.price().amount()).isEqualByComparingTo("9.00");
    }

    @Test
    void cancellingTheEventCancelsEveryActiveBookingWithItsOwnMessage() {
        UUID organizerId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        fx.domain.inventory().eventCreated(fx.envelope(DomainFixture.eventCreated(eventId, organizerId, 10, "10.00")));
        Booking pending = bookings.reserve(DomainFixture.attendee(), eventId, 2);
        Booking paid = bookings.reserve(DomainFixture.attendee(), eventId, 1);
        UUID paymentId = UUID.randomUUID();
        pay(paid, paymentId);
        Booking userCancelled = bookings.reserve(DomainFixture.attendee(), eventId, 1);
        bookings.cancel(userCancelled.id(), userCancelled.userId(), false);

        fx.domain.inventory().eventCancelled(fx.envelope(new EventCancelled(eventId, organizerId, "Concert", null)));

        assertThat(bookings.find(pending.id()).orElseThrow().status()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(fx.outbox("booking.cancelled", pending.id(), BookingCancelled.class)).singleElement()
                .satisfies(m -> {
                    assertThat(m.data().reason()).isEqualTo(CancellationReason.EVENT_CANCELLED);
                    assertThat(m.data().refundRequired()).isFalse();
                });
        assertThat(fx.outbox("booking.cancelled", paid.id(), BookingCancelled.class)).singleElement()
                .satisfies(m -> {
                    assertThat(m.data().reason()).isEqualTo(CancellationReason.EVENT_CANCELLED);
                    assertThat(m.data().refundRequired()).isTrue();
                    assertThat(m.data().paymentId()).isEqualTo(paymentId);
                });
        assertThat(fx.outbox("booking.cancelled", userCancelled.id(), BookingCancelled.class)).hasSize(1);
        assertThat(fx.inventory(eventId).status()).isEqualTo(Inventory.Status.CANCELLED);
        assertThatThrownBy(() -> bookings.reserve(DomainFixture.attendee(), eventId, 1))
                .isInstanceOfSatisfying(BookingException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.EVENT_NOT_BOOKABLE));
    }

    @Test
    void anEventCancelledBeforeItWasOpenedNeverOpens() {
        UUID organizerId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        fx.domain.inventory().eventCancelled(fx.envelope(new EventCancelled(eventId, organizerId, "Gig", "weather")));
        fx.domain.inventory().eventCreated(fx.envelope(DomainFixture.eventCreated(eventId, organizerId, 10, "1.00")));

        assertThat(fx.inventory(eventId).status()).isEqualTo(Inventory.Status.CANCELLED);
    }

    @Test
    void anEventCancelledWhileItsCreationIsUncommittedOnAnotherConnectionEndsCancelled() throws Exception {
        UUID organizerId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();

        interleave(() -> fx.domain.inventory().eventCreated(fx.envelope(
                        DomainFixture.eventCreated(eventId, organizerId, 10, "10.00"))),
                () -> fx.domain.inventory().eventCancelled(fx.envelope(
                        new EventCancelled(eventId, organizerId, "Concert", "venue closed"))));

        assertThat(fx.inventory(eventId).status()).isEqualTo(Inventory.Status.CANCELLED);
        assertThatThrownBy(() -> bookings.reserve(DomainFixture.attendee(), eventId, 1))
                .isInstanceOfSatisfying(BookingException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.EVENT_NOT_BOOKABLE));
    }

    @Test
    void anEventUpdatedWhileItsCreationIsUncommittedOnAnotherConnectionIsApplied() throws Exception {
        UUID organizerId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        Envelope<EventCreated> created = fx.envelope(DomainFixture.eventCreated(eventId, organizerId, 10, "10.00"));
        fx.clock.advance(Duration.ofSeconds(1));
        Envelope<EventUpdated> updated = fx.envelope(updated(eventId, organizerId, 25, "12.50"));

        interleave(() -> fx.domain.inventory().eventCreated(created),
                () -> fx.domain.inventory().eventUpdated(updated));

        Inventory inventory = fx.inventory(eventId);
        assertThat(inventory.capacity()).isEqualTo(25);
        assertThat(inventory.available()).isEqualTo(25);
        assertThat(inventory.price().amount()).isEqualByComparingTo("12.50");
        assertThat(inventory.status()).isEqualTo(Inventory.Status.OPEN);
    }

    @Test
    void aCreationArrivingWhileTheCancellationIsUncommittedDoesNotReopenTheEvent() throws Exception {
        UUID organizerId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();

        interleave(() -> fx.domain.inventory().eventCancelled(fx.envelope(
                        new EventCancelled(eventId, organizerId, "Concert", null))),
                () -> fx.domain.inventory().eventCreated(fx.envelope(
                        DomainFixture.eventCreated(eventId, organizerId, 10, "10.00"))));

        assertThat(fx.inventory(eventId).status()).isEqualTo(Inventory.Status.CANCELLED);
    }

    /**
     * Runs {@code first} in a transaction on one connection and keeps it open until {@code second}, on another
     * connection, waits for a lock that transaction holds; then commits {@code first} and lets {@code second} end.
     */
    private void interleave(Runnable first, Runnable second) throws Exception {
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(fx.dataSource));
        CountDownLatch firstWrote = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> one = pool.submit(() -> transaction.executeWithoutResult(status -> {
                first.run(); // joins this transaction, whose writes stay uncommitted until the latch opens
                firstWrote.countDown();
                try {
                    assertThat(commitFirst.await(30, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(firstWrote.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> two = pool.submit(second);
            await("second connection waits for the first's row lock").atMost(Duration.ofSeconds(30)).until(() ->
                    fx.jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                            + "AND datname = current_database()", Integer.class) > 0);
            commitFirst.countDown();
            one.get(30, TimeUnit.SECONDS);
            two.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void bookingsAreCachedUnderTheirKey() {
        UUID eventId = fx.openEvent(5, "20.00");
        Booking booking = bookings.reserve(DomainFixture.attendee(), eventId, 1);
        String key = "booking:" + booking.id();

        assertThat(bookings.find(booking.id())).contains(booking);
        assertThat(fx.redis.sync().get(key)).contains(booking.id().toString());
        assertThat(fx.redis.sync().pttl(key)).isBetween(1L, CacheKeys.BOOKING.ttl().toMillis());
        assertThat(bookings.find(booking.id())).contains(booking);

        bookings.cancel(booking.id(), booking.userId(), false);
        assertThat(fx.redis.sync().get(key)).isNull();
    }

    private Booking pay(Booking booking, UUID paymentId) {
        return fx.domain.payments().paymentCompleted(fx.envelope(
                new PaymentCompleted(paymentId, booking.id(), booking.userId(), booking.amount())));
    }

    private List<AuditRecord> audit(String action, UUID resourceId) {
        return fx.auditQueries.byServiceAndAction(DomainFixture.SOURCE, action, Instant.EPOCH,
                        Instant.now().plus(Duration.ofDays(3650)), 1000).stream()
                .filter(r -> resourceId.toString().equals(r.resourceId())).toList();
    }

    private static EventUpdated updated(UUID eventId, UUID organizerId, int capacity, String price) {
        return new EventUpdated(eventId, organizerId, "Concert", new Venue("Hall", "Main St 1", "Berlin"),
                Instant.parse("2026-09-01T18:00:00Z"), Instant.parse("2026-09-01T22:00:00Z"), "Europe/Berlin",
                capacity, new Money(new BigDecimal(price), "EUR"));
    }
}
