package com.eventplanner.payment.payments;

import com.eventplanner.payment.gateway.ChargeResult;
import com.eventplanner.payment.gateway.PaymentGateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the processor left open: attempts still PROCESSING or REQUIRES_ACTION {@code settleAfter} after their last
 * change are asked about (the webhook may be lost, the charge may have timed out), and settled like any answer, so
 * their outcome is emitted once; a 3-D Secure left unfinished for {@code abandonAfter} is cancelled at the
 * processor. Refunds due for another try are sent.
 */
public final class Reconciliation {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
    private static final int BATCH = 100;

    public record Settings(Duration settleAfter, Duration abandonAfter) {
    }

    public record Result(int examined, int settled, int abandoned, int refundsTried) {
    }

    private final PaymentStore store;
    private final PaymentGateway gateway;
    private final Settlement settlement;
    private final Refunds refunds;
    private final Settings settings;
    private final Clock clock;

    Reconciliation(PaymentStore store, PaymentGateway gateway, Settlement settlement, Refunds refunds,
                   Settings settings, Clock clock) {
        this.store = store;
        this.gateway = gateway;
        this.settlement = settlement;
        this.refunds = refunds;
        this.settings = settings;
        this.clock = clock;
    }

    public Result run() {
        Instant now = clock.instant();
        int settled = 0;
        int abandoned = 0;
        var open = store.openAttempts(now.minus(settings.settleAfter()), BATCH);
        for (Records.Attempt attempt : open) {
            try {
                Records.Payment payment = store.payment(attempt.paymentId()).orElseThrow();
                var charge = attempt.charge(payment.bookingId());
                boolean abandon = attempt.status() == AttemptStatus.REQUIRES_ACTION
                        && attempt.updatedAt().isBefore(now.minus(settings.abandonAfter()));
                ChargeResult result = abandon ? gateway.cancel(charge, attempt.intentId())
                        : gateway.retrieve(charge, attempt.intentId());
                AttemptStatus after = settlement.settle(attempt.id(), result);
                if (after != attempt.status()) {
                    settled++;
                    if (after == AttemptStatus.CANCELLED) {
                        abandoned++;
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Reconciling attempt {} failed; next run tries again", attempt.id(), e);
            }
        }
        return new Result(open.size(), settled, abandoned, refunds.tryDue(BATCH));
    }
}
