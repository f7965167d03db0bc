package com.eventplanner.payment.reconciliation;

import com.eventplanner.payment.payments.Reconciliation;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code paymentReconciliation}, scheduled every minute: settles the attempts the processor left open and retries the
 * refunds that are due (see {@link Reconciliation}). The EventBridge event is taken as a plain map.
 */
@Component("paymentReconciliation")
class PaymentReconciliationFunction implements Function<Map<String, Object>, Reconciliation.Result> {

    private static final Logger log = LoggerFactory.getLogger(PaymentReconciliationFunction.class);

    private final Reconciliation reconciliation;

    PaymentReconciliationFunction(Reconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Override
    public Reconciliation.Result apply(Map<String, Object> schedule) {
        Reconciliation.Result result = reconciliation.run();
        log.info("Payment reconciliation: {}", result);
        return result;
    }
}
