package com.eventplanner.payment.payments;

import com.eventplanner.contracts.Money;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A payment as the API answers it: {@code amount} as elsewhere in the API (a decimal in the currency), plus the exact
 * minor units and the currency's exponent; the latest attempt's outcome (the decline code of a FAILED one); for
 * REQUIRES_ACTION, and only to the payer, what the client needs for 3-D Secure; the refund, if any.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PaymentView(UUID id, UUID bookingId, UUID eventId, UUID userId, PaymentStatus status, Money amount,
                   long amountMinor, int currencyExponent, String declineCode, String failureCode,
                   String clientSecret, NextAction nextAction, AttemptView attempt, RefundView refund,
                   Instant createdAt, Instant updatedAt) {

    record NextAction(String type) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AttemptView(UUID id, String status, String paymentMethod, String declineCode, String failureCode,
                       Instant createdAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RefundView(UUID id, String status, Money amount, String reason, Instant updatedAt) {
    }

    record Page(List<PaymentView> items) {
    }

    static PaymentView of(Records.Payment payment, Records.Attempt latest, Records.Refund refund, boolean payer) {
        boolean failed = latest != null && !latest.status().open() && latest.status() != AttemptStatus.SUCCEEDED
                && payment.status() == PaymentStatus.FAILED;
        boolean action = payer && latest != null && latest.status() == AttemptStatus.REQUIRES_ACTION
                && payment.status() == PaymentStatus.REQUIRES_ACTION;
        return new PaymentView(payment.id(), payment.bookingId(), payment.eventId(), payment.userId(),
                payment.status(), payment.amount().toMoney(), payment.amount().minor(), payment.amount().exponent(),
                failed ? latest.declineCode() : null, failed ? latest.failureCode() : null,
                action ? latest.clientSecret() : null,
                action && latest.nextActionType() != null ? new NextAction(latest.nextActionType()) : null,
                latest == null ? null : new AttemptView(latest.id(), latest.status().name(), latest.paymentMethod(),
                        latest.declineCode(), latest.failureCode(), latest.createdAt()),
                refund == null ? null : new RefundView(refund.id(), refund.status().name(), refund.amount().toMoney(),
                        refund.reason(), refund.updatedAt()),
                payment.createdAt(), payment.updatedAt());
    }
}
