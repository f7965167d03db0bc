package com.eventplanner.payment.payments;

import com.eventplanner.contracts.payment.PaymentCompleted;
import com.eventplanner.contracts.payment.PaymentFailed;
import com.eventplanner.messaging.outbox.Outbox;
import com.eventplanner.payment.gateway.ChargeResult;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way an attempt's outcome enters the ledger, whoever learnt it: the processor's answer to the charge, a
 * webhook, or reconciliation. Under the attempt's row lock, so two of them racing settle it once: the first moves it
 * on, emits {@code payment.completed} or {@code payment.failed} through the outbox (same transaction) and writes the
 * audit record; the second finds nothing left to do. A success on a payment another attempt captured already is
 * refunded, never announced twice. The first settlement also stores the response the attempt's Idempotency-Key
 * replays.
 */
final class Settlement {

    private static final Logger log = LoggerFactory.getLogger(Settlement.class);

    private final PaymentStore store;
    private final Outbox outbox;
    private final Refunds refunds;
    private final PaymentAudit audit;
    private final PaymentMetrics metrics;
    private final TransactionTemplate transaction;
    private final JsonMapper json;
    private final Clock clock;

    Settlement(PaymentStore store, Outbox outbox, Refunds refunds, PaymentAudit audit, PaymentMetrics metrics,
               TransactionTemplate transaction, JsonMapper json, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.refunds = refunds;
        this.audit = audit;
        this.metrics = metrics;
        this.transaction = transaction;
        this.json = json;
        this.clock = clock;
    }

    /** @return the attempt's status after this outcome was applied */
    AttemptStatus settle(UUID attemptId, ChargeResult result) {
        return transaction.execute(status -> {
            Records.Attempt attempt = store.lockAttempt(attemptId).orElseThrow(() ->
                    new IllegalStateException("no attempt " + attemptId));
            Records.Payment payment = store.lockPayment(attempt.paymentId()).orElseThrow();
            AttemptStatus next = AttemptStatus.of(result);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            // a final attempt stays final, except that money the processor says it captured is never ignored
            boolean moves = attempt.status() != next
                    && (attempt.status().open() || next == AttemptStatus.SUCCEEDED);
            if (!moves) {
                if (attempt.intentId() == null && result.intentId() != null) {
                    store.updateAttempt(attempt.id(), attempt.status(), result.intentId(), attempt.failureCode(),
                            attempt.declineCode(), null, null, now);
                }
                answer(attempt.id(), payment);
                return attempt.status();
            }
            String failureCode = result instanceof ChargeResult.Declined d ? d.code()
                    : next == AttemptStatus.CANCELLED ? "canceled" : null;
            String declineCode = result instanceof ChargeResult.Declined d ? d.declineCode() : null;
            ChargeResult.RequiresAction action = result instanceof ChargeResult.RequiresAction r ? r : null;
            store.updateAttempt(attempt.id(), next, result.intentId(), failureCode, declineCode,
                    action == null ? null : action.clientSecret(), action == null ? null : action.nextActionType(),
                    now);
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("attemptId", attempt.id().toString());
            changes.put("status", Map.of("from", attempt.status().name(), "to", next.name()));
            changes.put("gateway", attempt.gateway());
            changes.put("amountMinor", attempt.amount().minor());
            changes.put("currency", attempt.amount().currency());
            if (result.intentId() != null) {
                changes.put("intentId", result.intentId());
            }
            if (failureCode != null) {
                changes.put("failureCode", failureCode);
            }
            if (declineCode != null) {
                changes.put("declineCode", declineCode);
            }
            Records.Attempt settled = store.attempt(attempt.id()).orElseThrow();
            applyToPayment(payment, settled, now, changes);
            answer(attempt.id(), store.payment(payment.id()).orElseThrow());
            return next;
        });
    }

    private void applyToPayment(Records.Payment payment, Records.Attempt attempt, Instant now,
                                Map<String, Object> changes) {
        AttemptStatus next = attempt.status();
        if (next == AttemptStatus.SUCCEEDED && payment.status().captured()) {
            log.error("Payment {} was captured already; attempt {} captured again and is refunded",
                    payment.id(), attempt.id());
            refunds.requestInTransaction(payment, attempt, "DUPLICATE_PAYMENT", now);
            audit.afterCommit("PAYMENT_DUPLICATE_CAPTURE", payment.userId(), payment.id(), changes);
            return;
        }
        if (payment.status().captured() || !isLatest(payment, attempt)) {
            // an older attempt that failed late changes nothing the payer sees
            audit.afterCommit("PAYMENT_ATTEMPT_" + next.name(), payment.userId(), payment.id(), changes);
            return;
        }
        store.paymentStatus(payment.id(), next.asPaymentStatus(), now);
        switch (next) {
            case SUCCEEDED -> {
                outbox.append(new PaymentCompleted(payment.id(), payment.bookingId(), payment.userId(),
                        attempt.amount().toMoney()));
                AfterCommit.run(() -> metrics.succeeded(attempt.amount()));
            }
            case FAILED, CANCELLED -> {
                String reason = attempt.declineCode() != null ? attempt.declineCode() : attempt.failureCode();
                outbox.append(new PaymentFailed(payment.id(), payment.bookingId(), payment.userId(),
                        attempt.amount().toMoney(), reason));
                AfterCommit.run(() -> metrics.failed(attempt.amount()));
            }
            default -> {
            }
        }
        audit.afterCommit("PAYMENT_" + next.name(), payment.userId(), payment.id(), changes);
    }

    private boolean isLatest(Records.Payment payment, Records.Attempt attempt) {
        var attempts = store.attemptsOf(payment.id());
        return attempts.get(attempts.size() - 1).id().equals(attempt.id());
    }

    /** Stores the response the attempt's Idempotency-Key replays, if none is stored yet. */
    private void answer(UUID attemptId, Records.Payment payment) {
        Records.Attempt latest = store.attempt(attemptId).orElseThrow();
        Records.Refund refund = store.refundOfAttempt(attemptId).orElse(null);
        PaymentView view = PaymentView.of(payment, latest, refund, true);
        int status = latest.status() == AttemptStatus.PROCESSING ? 202 : 201;
        store.answerClaim(attemptId, status, json.writeValueAsString(view));
    }
}
