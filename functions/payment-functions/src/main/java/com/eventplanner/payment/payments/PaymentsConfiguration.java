package com.eventplanner.payment.payments;

import com.eventplanner.audit.AuditWriter;
import com.eventplanner.messaging.outbox.Outbox;
import com.eventplanner.payment.gateway.PaymentGateway;
import com.eventplanner.payment.gateway.stripe.StripeWebhooks;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The payment ledger and its collaborators; every setting has a local default and an environment override. */
@Configuration(proxyBeanMethods = false)
class PaymentsConfiguration {

    @Bean
    TransactionTemplate paymentTransactions(PlatformTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }

    @Bean
    BookingClient bookingClient(@Value("${eventplanner.payment.booking-service.url}") URI url,
                                @Value("${eventplanner.payment.booking-service.timeout}") Duration timeout) {
        return new BookingClient(url, timeout);
    }

    @Bean
    PaymentMetrics paymentMetrics(@Value("${spring.application.name}") String service, Clock clock) {
        // System.out as it is at each write (Lambda ships stdout to CloudWatch Logs, where EMF lines become metrics)
        return new PaymentMetrics(service, line -> System.out.println(line), clock);
    }

    @Bean
    PaymentAudit paymentAudit(ObjectProvider<AuditWriter> writer) {
        return new PaymentAudit(writer::getObject);
    }

    @Bean
    Refunds refunds(PaymentStore store, PaymentGateway gateway, Outbox outbox, PaymentAudit audit,
                    PaymentMetrics metrics, TransactionTemplate paymentTransactions, Clock clock,
                    @Value("${eventplanner.payment.refunds.retry-after:1m}") Duration retryAfter,
                    @Value("${eventplanner.payment.refunds.max-tries:3}") int maxTries) {
        return new Refunds(store, gateway, outbox, audit, metrics, paymentTransactions,
                new Refunds.Settings(retryAfter, maxTries), clock);
    }

    @Bean
    Settlement settlement(PaymentStore store, Outbox outbox, Refunds refunds, PaymentAudit audit,
                          PaymentMetrics metrics, TransactionTemplate paymentTransactions,
                          ObjectProvider<JsonMapper> json, Clock clock) {
        return new Settlement(store, outbox, refunds, audit, metrics, paymentTransactions, mapper(json), clock);
    }

    @Bean
    Payments payments(PaymentStore store, BookingClient bookings, PaymentGateway gateway, Settlement settlement,
                      PaymentAudit audit, PaymentMetrics metrics, TransactionTemplate paymentTransactions,
                      ObjectProvider<JsonMapper> json, Clock clock,
                      @Value("${eventplanner.payment.idempotency.answer-wait:10s}") Duration answerWait) {
        return new Payments(store, bookings, gateway, settlement, audit, metrics, paymentTransactions, mapper(json),
                answerWait, clock);
    }

    @Bean
    Webhooks webhooks(StripeWebhooks verifier, PaymentStore store, Settlement settlement, Refunds refunds,
                      TransactionTemplate paymentTransactions, Clock clock) {
        return new Webhooks(verifier, store, settlement, refunds, paymentTransactions, clock);
    }

    @Bean
    Reconciliation reconciliation(PaymentStore store, PaymentGateway gateway, Settlement settlement,
                                  Refunds refunds, Clock clock,
                                  @Value("${eventplanner.payment.reconciliation.settle-after:2m}") Duration settleAfter,
                                  @Value("${eventplanner.payment.reconciliation.abandon-after:15m}")
                                  Duration abandonAfter) {
        return new Reconciliation(store, gateway, settlement, refunds,
                new Reconciliation.Settings(settleAfter, abandonAfter), clock);
    }

    private static JsonMapper mapper(ObjectProvider<JsonMapper> json) {
        return json.getIfAvailable(() -> JsonMapper.builder().build());
    }
}
