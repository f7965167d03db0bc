package com.eventplanner.payment.payments;

import com.eventplanner.payment.gateway.Amount;
import com.eventplanner.payment.gateway.ChargeResult;
import com.eventplanner.payment.gateway.PaymentGateway;
import com.eventplanner.security.AuthenticatedUser;
import com.eventplanner.web.ApiException;
import com.eventplanner.web.Problem;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Paying a booking under an {@code Idempotency-Key}, and reading payments. The amount comes from booking-service
 * (the booking must be PENDING_PAYMENT, its hold running, the caller its attendee). The key is claimed and the
 * attempt recorded in one committed transaction before the processor is called, so a concurrent request with the
 * key waits for the stored answer instead of charging again, and a crash mid-call leaves an open attempt for
 * reconciliation. A request refused before the charge (already paid, a charge in progress) releases the key.
 */
final class Payments {

    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    private static final String KEY_PATTERN = "[\\x21-\\x7E]{1,255}";
    private static final Duration POLL = Duration.ofMillis(25);

    /** {@code POST /api/payments}: unknown fields (an amount, a currency) are refused by the body reader. */
    record PayRequest(@NotNull UUID bookingId,
                      @NotBlank @Pattern(regexp = "[A-Za-z0-9_]{1,100}", message = "must be a payment method id")
                      String paymentMethod) {
    }

    /** A response to send as is: the first answer of its key, replayed or not. */
    record Answer(int status, String body, UUID paymentId, boolean replayed) {
    }

    private record Claimed(Records.Payment payment, Records.Attempt attempt, Records.Attempt toAbandon) {
    }

    private final PaymentStore store;
    private final BookingClient bookings;
    private final PaymentGateway gateway;
    private final Settlement settlement;
    private final PaymentAudit audit;
    private final PaymentMetrics metrics;
    private final TransactionTemplate transaction;
    private final JsonMapper json;
    private final Duration answerWait;
    private final Clock clock;

    Payments(PaymentStore store, BookingClient bookings, PaymentGateway gateway, Settlement settlement,
             PaymentAudit audit, PaymentMetrics metrics, TransactionTemplate transaction, JsonMapper json,
             Duration answerWait, Clock clock) {
        this.store = store;
        this.bookings = bookings;
        this.gateway = gateway;
        this.settlement = settlement;
        this.audit = audit;
        this.metrics = metrics;
        this.transaction = transaction;
        this.json = json;
        this.answerWait = answerWait;
        this.clock = clock;
    }

    Answer pay(AuthenticatedUser user, String authorization, String key, PayRequest request) {
        if (key == null || !key.matches(KEY_PATTERN)) {
            throw ApiException.badRequest("INVALID_IDEMPOTENCY_KEY", "The Idempotency-Key header is invalid.",
                    new Problem.FieldError(IDEMPOTENCY_HEADER, "must be 1 to 255 printable ASCII characters"));
        }
        String hash = requestHash(request);
        BookingClient.Booking booking = null;
        boolean abandoned = false;
        while (true) {
            Optional<Records.Claim> existing = store.claimed(user.userId(), key);
            if (existing.isPresent()) {
                Optional<Answer> answer = awaitAnswer(existing.get(), hash);
                if (answer.isPresent()) {
                    return answer.get();
                }
                continue;
            }
            if (booking == null) {
                booking = payable(user, authorization, request.bookingId());
            }
            Claimed claimed = claim(user, key, hash, request, booking);
            if (claimed == null) {
                continue;
            }
            if (claimed.toAbandon() != null) {
                if (abandoned) {
                    throw ApiException.conflict("PAYMENT_IN_PROGRESS",
                            "The previous charge of this booking cannot be cancelled yet; retry shortly");
                }
                // the payer left a 3-D Secure unfinished and pays again: that charge is cancelled first
                abandoned = true;
                Records.Attempt open = claimed.toAbandon();
                settlement.settle(open.id(), gateway.cancel(open.charge(request.bookingId()), open.intentId()));
                continue;
            }
            ChargeResult result = gateway.charge(claimed.attempt().charge(request.bookingId()));
            settlement.settle(claimed.attempt().id(), result);
            Records.Claim answered = store.claimed(user.userId(), key).orElseThrow();
            return new Answer(answered.statusCode(), answered.body(), claimed.payment().id(), false);
        }
    }

    Optional<PaymentView> find(AuthenticatedUser user, UUID paymentId) {
        return store.payment(paymentId).filter(p -> p.visibleTo(user.userId(), user.isAdmin()))
                .map(p -> view(p, user));
    }

    Optional<PaymentView> findByBooking(AuthenticatedUser user, UUID bookingId) {
        return store.paymentOfBooking(bookingId).filter(p -> p.visibleTo(user.userId(), user.isAdmin()))
                .map(p -> view(p, user));
    }

    List<PaymentView> mine(AuthenticatedUser user) {
        return store.paymentsOf(user.userId(), 100).stream().map(p -> view(p, user)).toList();
    }

    private PaymentView view(Records.Payment payment, AuthenticatedUser user) {
        List<Records.Attempt> attempts = store.attemptsOf(payment.id());
        List<Records.Refund> refunds = store.refundsOf(payment.id());
        return PaymentView.of(payment, attempts.isEmpty() ? null : attempts.get(attempts.size() - 1),
                refunds.isEmpty() ? null : refunds.get(refunds.size() - 1), payment.userId().equals(user.userId()));
    }

    private BookingClient.Booking payable(AuthenticatedUser user, String authorization, UUID bookingId) {
        BookingClient.Booking booking = bookings.booking(bookingId, authorization);
        if (!user.userId().equals(booking.userId())) {
            // the organizer or an admin may read it, but only its attendee pays it
            throw BookingClient.notFound();
        }
        if (!"PENDING_PAYMENT".equals(booking.status())) {
            throw ApiException.conflict("BOOKING_NOT_PAYABLE", "This booking is " + booking.status()
                    + "; only a booking pending payment can be paid");
        }
        if (booking.holdExpiresAt() == null || !booking.holdExpiresAt().isAfter(clock.instant())) {
            throw ApiException.conflict("HOLD_EXPIRED", "The seats' hold has expired; book again");
        }
        if (booking.amount() == null || booking.amount().amount().signum() <= 0) {
            throw ApiException.conflict("NOTHING_TO_PAY", "This booking has nothing to pay");
        }
        return booking;
    }

    /** Claims the key and records the attempt; null when another request claimed the key first. */
    private Claimed claim(AuthenticatedUser user, String key, String hash, PayRequest request,
                          BookingClient.Booking booking) {
        Amount amount = Amount.of(booking.amount());
        return transaction.execute(status -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            if (!store.claim(user.userId(), key, hash, now)) {
                return null;
            }
            Records.Payment payment = store.paymentFor(booking.id(), booking.eventId(), user.userId(),
                    booking.organizerId(), amount, now);
            if (payment.status().captured()) {
                throw ApiException.conflict("ALREADY_PAID", "This booking is paid already");
            }
            List<Records.Attempt> attempts = store.attemptsOf(payment.id());
            Records.Attempt last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
            if (last != null && last.status() == AttemptStatus.PROCESSING) {
                throw ApiException.conflict("PAYMENT_IN_PROGRESS",
                        "A charge of this booking is still being processed; its outcome is announced shortly");
            }
            if (last != null && last.status() == AttemptStatus.REQUIRES_ACTION) {
                status.setRollbackOnly();
                return new Claimed(payment, null, last);
            }
            UUID attemptId = UUID.randomUUID();
            Records.Attempt attempt = new Records.Attempt(attemptId, payment.id(), gateway.name(),
                    "pay-" + attemptId, null, request.paymentMethod(), amount, AttemptStatus.PROCESSING, null, null,
                    null, null, now, now);
            store.insertAttempt(attempt);
            store.linkClaim(user.userId(), key, attemptId);
            if (last != null || payment.status() != PaymentStatus.PROCESSING) {
                store.paymentStatus(payment.id(), PaymentStatus.PROCESSING, now);
            }
            audit.afterCommit("PAYMENT_ATTEMPT_CREATED", user.userId(), payment.id(), Map.of(
                    "attemptId", attemptId.toString(), "bookingId", booking.id().toString(),
                    "paymentMethod", request.paymentMethod(), "gateway", gateway.name(),
                    "amountMinor", amount.minor(), "currency", amount.currency()));
            AfterCommit.run(() -> metrics.attempted(amount));
            return new Claimed(payment, attempt, null);
        });
    }

    /**
     * Another request holds or answered the key: its answer when stored (or 422 for another body), waiting up to
     * {@code answerWait} while it is charging. Empty when the holder was refused and released the key.
     */
    private Optional<Answer> awaitAnswer(Records.Claim claim, String hash) {
        if (!claim.requestHash().equals(hash)) {
            throw ApiException.unprocessable("IDEMPOTENCY_KEY_REUSED",
                    "This Idempotency-Key was used with a different request body.",
                    new Problem.FieldError(IDEMPOTENCY_HEADER, "already used for another request"));
        }
        Instant deadline = clock.instant().plus(answerWait);
        Records.Claim current = claim;
        while (!current.answered()) {
            if (clock.instant().isAfter(deadline)) {
                return Optional.of(inProgress(current));
            }
            sleep();
            Optional<Records.Claim> reread = store.claimed(claim.userId(), claim.key());
            if (reread.isEmpty()) {
                return Optional.empty();
            }
            current = reread.get();
        }
        UUID paymentId = current.attemptId() == null ? null
                : store.attempt(current.attemptId()).map(Records.Attempt::paymentId).orElse(null);
        return Optional.of(new Answer(current.statusCode(), current.body(), paymentId, true));
    }

    /** Still charging after the wait (or its request died mid-charge): the payment as it stands, not stored. */
    private Answer inProgress(Records.Claim claim) {
        Records.Attempt attempt = claim.attemptId() == null ? null : store.attempt(claim.attemptId()).orElse(null);
        if (attempt == null) {
            throw ApiException.conflict("IDEMPOTENCY_KEY_IN_USE",
                    "A request with this Idempotency-Key is still in progress; retry shortly");
        }
        Records.Payment payment = store.payment(attempt.paymentId()).orElseThrow();
        PaymentView view = PaymentView.of(payment, attempt, null, true);
        return new Answer(202, json.writeValueAsString(view), payment.id(), true);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a concurrent payment", e);
        }
    }

    /** What makes two requests "the same": the parsed body, so formatting and field order do not matter. */
    private static String requestHash(PayRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    ("POST /api/payments\n" + request.bookingId() + "\n" + request.paymentMethod())
                            .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
