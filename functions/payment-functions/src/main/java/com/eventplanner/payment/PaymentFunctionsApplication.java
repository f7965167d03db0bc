package com.eventplanner.payment;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The payment context's Lambda jar: {@code paymentApi} (ALB target for /api/payments/*), {@code
 * bookingCancelledPayment} (refunds, SQS), {@code paymentReconciliation} and {@code paymentOutboxSweep} (scheduled);
 * SPRING_CLOUD_FUNCTION_DEFINITION picks one.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class PaymentFunctionsApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
