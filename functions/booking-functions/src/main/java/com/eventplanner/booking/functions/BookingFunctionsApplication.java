package com.eventplanner.booking.functions;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The booking context's Lambda jar: {@code eventCreatedBooking}, {@code eventUpdatedBooking},
 * {@code eventCancelledBooking}, {@code paymentCompletedBooking} (SQS) and {@code holdExpiry} (every minute);
 * SPRING_CLOUD_FUNCTION_DEFINITION picks one. The domain itself is shared with booking-service (booking-domain).
 */
@SpringBootApplication(proxyBeanMethods = false)
public class BookingFunctionsApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
