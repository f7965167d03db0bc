package com.eventplanner.payment.payments;

import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.booking.BookingCancelled;
import com.eventplanner.contracts.payment.PaymentRefunded;
import com.eventplanner.messaging.outbox.Outbox;
import com.eventplanner.payment.gateway.PaymentGateway;
import com.eventplanner.payment.gateway.Refund;
import com.eventplanner.payment.gateway.RefundResult;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds, exactly once: a refund is a row per captured attempt (a second request for it finds the row), recorded in
 * the transaction of the message that asked for it, then sent to the processor under the refund's own idempotency
 * key. A refusal or no answer is retried with backoff ({@code retryAfter}, doubled each time) by reconciliation; after
 * {@code maxTries} the refund is PARKED with an audit record and a metric (alarm), for an operator: never dropped.
 * Success marks the payment REFUNDED and emits {@code payment.refunded}.
 */
public final class Refunds {

    private static final Logger log = LoggerFactory.getLogger(Refunds.class);

    /** How refusals are retried. */
    public record Settings(Duration retryAfter, int maxTries) {
    }

    private final PaymentStore store;
    private final PaymentGateway gateway;
    private final Outbox outbox;
    private final PaymentAudit audit;
    private final PaymentMetrics metrics;
    private final TransactionTemplate transaction;
    private final Settings settings;
    private final Clock clock;

    Refunds(PaymentStore store, PaymentGateway gateway, Outbox outbox, PaymentAudit audit, PaymentMetrics metrics,
            TransactionTemplate transaction, Settings settings, Clock clock) {
        this.store = store;
        this.gateway = gateway;
        this.outbox = outbox;
        this.audit = audit;
        this.metrics = metrics;
        this.transaction = transaction;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * {@code booking.cancelled}, within the consumer's transaction: records the refund its {@code refundRequired}
     * asks for. Returns the refund to send once the transaction committed, if this message created one.
     *
     * @throws IllegalStateException for a refund of a payment this context never captured (retried, then DLQ)
     */
    public Optional<UUID> requested(Envelope<BookingCancelled> message) {
        BookingCancelled cancelled = message.data();
        if (!Boolean.TRUE.equals(cancelled.refundRequired())) {
            return Optional.empty();
        }
        if (cancelled.paymentId() == null) {
            throw new IllegalStateException("booking " + cancelled.bookingId() + " asks for a refund of no payment");
        }
        Records.Payment payment = store.lockPayment(cancelled.paymentId()).orElseThrow(() ->
                new IllegalStateException("refund of unknown payment " + cancelled.paymentId()));
        if (!payment.bookingId().equals(cancelled.bookingId())) {
            throw new IllegalStateException("payment " + payment.id() + " is not of booking " + cancelled.bookingId());
        }
        Records.Attempt captured = store.attemptsOf(payment.id()).stream()
                .filter(a -> a.status() == AttemptStatus.SUCCEEDED).findFirst()
                .orElseThrow(() -> new IllegalStateException("payment " + payment.id() + " captured nothing"));
        return requestInTransaction(payment, captured, cancelled.reason().name(),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    /** Records the full refund of a captured attempt, in the caller's transaction; empty if it exists already. */
    Optional<UUID> requestInTransaction(Records.Payment payment, Records.Attempt attempt, String reason, Instant now) {
        UUID id = UUID.randomUUID();
        Records.Refund refund = new Records.Refund(id, payment.id(), attempt.id(), attempt.amount(), reason,
                "refund-" + attempt.id(), null, RefundStatus.PENDING, 0, now, null, now, now);
        if (!store.insertRefund(refund)) {
            log.info("Refund of attempt {} was requested already; {} asks again", attempt.id(), reason);
            return Optional.empty();
        }
        audit.afterCommit("REFUND_REQUESTED", payment.userId(), payment.id(), Map.of("refundId", id.toString(),
                "attemptId", attempt.id().toString(), "reason", reason, "amountMinor", attempt.amount().minor(),
                "currency", attempt.amount().currency()));
        return Optional.of(id);
    }

    /** Sends every refund whose next try is due (reconciliation); returns how many were tried. */
    int tryDue(int limit) {
        List<UUID> due = store.dueRefunds(clock.instant(), limit);
        due.forEach(this::send);
        return due.size();
    }

    /** Sends one refund (or asks how a pending one went) and settles the answer. */
    public void send(UUID refundId) {
        Records.Refund refund = store.refund(refundId).orElseThrow();
        if (refund.status() == RefundStatus.SUCCEEDED || refund.status() == RefundStatus.PARKED) {
            return;
        }
        Records.Attempt attempt = store.attempt(refund.attemptId()).orElseThrow();
        Records.Payment payment = store.payment(refund.paymentId()).orElseThrow();
        Refund request = new Refund(refund.id(), refund.idempotencyKey(), attempt.charge(payment.bookingId()),
                attempt.intentId(), refund.amount(), refund.reason());
        RefundResult result = refund.status() == RefundStatus.PROCESSING
                ? gateway.refundStatus(request, refund.providerRefundId()) : gateway.refund(request);
        settle(refundId, result);
    }

    /** The processor's answer about a refund, from the request itself, a webhook or reconciliation. */
    void settle(UUID refundId, RefundResult result) {
        transaction.executeWithoutResult(status -> {
            Records.Refund refund = store.lockRefund(refundId).orElseThrow();
            if (refund.status() == RefundStatus.SUCCEEDED || refund.status() == RefundStatus.PARKED) {
                return;
            }
            Records.Payment payment = store.lockPayment(refund.paymentId()).orElseThrow();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("refundId", refund.id().toString());
            changes.put("attemptId", refund.attemptId().toString());
            changes.put("reason", refund.reason());
            if (result instanceof RefundResult.Succeeded done) {
                store.updateRefund(refund.id(), RefundStatus.SUCCEEDED, done.refundId(), refund.tries() + 1, now,
                        null, now);
                if (payment.status() == PaymentStatus.SUCCEEDED && !"DUPLICATE_PAYMENT".equals(refund.reason())) {
                    store.paymentStatus(payment.id(), PaymentStatus.REFUNDED, now);
                }
                outbox.append(new PaymentRefunded(payment.id(), payment.bookingId(), payment.userId(),
                        refund.amount().toMoney(), refund.reason()));
                changes.put("status", Map.of("from", refund.status().name(), "to", "SUCCEEDED"));
                audit.afterCommit("REFUND_SUCCEEDED", payment.userId(), payment.id(), changes);
                AfterCommit.run(() -> metrics.refunded(refund.amount()));
                return;
            }
            if (result instanceof RefundResult.Pending pending) {
                store.updateRefund(refund.id(), RefundStatus.PROCESSING, pending.refundId(), refund.tries() + 1,
                        now.plus(settings.retryAfter()), null, now);
                changes.put("status", Map.of("from", refund.status().name(), "to", "PROCESSING"));
                audit.afterCommit("REFUND_PROCESSING", payment.userId(), payment.id(), changes);
                return;
            }
            int tries = refund.tries() + 1;
            String error = result instanceof RefundResult.Refused refused ? refused.code() + ": " + refused.message()
                    : ((RefundResult.Unavailable) result).message();
            changes.put("try", tries);
            changes.put("error", error);
            if (tries >= settings.maxTries()) {
                store.updateRefund(refund.id(), RefundStatus.PARKED, null, tries, now, error, now);
                changes.put("status", Map.of("from", refund.status().name(), "to", "PARKED"));
                log.error("Refund {} of payment {} PARKED after {} tries ({}): an operator must refund it",
                        refund.id(), payment.id(), tries, error);
                audit.afterCommit("REFUND_PARKED", payment.userId(), payment.id(), changes);
                AfterCommit.run(() -> metrics.refundParked(refund.amount()));
                return;
            }
            Instant next = now.plus(settings.retryAfter().multipliedBy(1L << (tries - 1)));
            store.updateRefund(refund.id(), RefundStatus.PENDING, null, tries, next, error, now);
            changes.put("nextTryAt", next.toString());
            log.warn("Refund {} of payment {} not done (try {}): {}; retried at {}", refund.id(), payment.id(),
                    tries, error, next);
            audit.afterCommit("REFUND_RETRY_SCHEDULED", payment.userId(), payment.id(), changes);
        });
    }

    /**
     * {@code charge.refunded}: the processor says {@code amountRefunded} of the charge went back. Our pending refund
     * of it is done; a refund we never asked for (made in the processor's dashboard) is recorded and announced.
     */
    void chargeRefunded(Records.Attempt attempt, long amountRefunded) {
        if (amountRefunded <= 0) {
            return;
        }
        Optional<Records.Refund> refund = store.refundOfAttempt(attempt.id());
        UUID refundId;
        if (refund.isPresent()) {
            refundId = refund.get().id();
        } else {
            Records.Payment payment = store.payment(attempt.paymentId()).orElseThrow();
            refundId = transaction.execute(status -> requestInTransaction(store.lockPayment(payment.id())
                            .orElseThrow(), attempt, "PROCESSOR_INITIATED", clock.instant()
                            .truncatedTo(ChronoUnit.MICROS)))
                    .orElseGet(() -> store.refundOfAttempt(attempt.id()).orElseThrow().id());
        }
        settle(refundId, new RefundResult.Succeeded(null));
    }

    /** Refunds of a payment, newest last (for its view). */
    List<Records.Refund> of(UUID paymentId) {
        return new ArrayList<>(store.refundsOf(paymentId));
    }
}
