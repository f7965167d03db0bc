package com.eventplanner.event;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The event context's Lambda jar: {@code eventApi} (ALB target for /api/events/*), {@code bookingCreatedEvent},
 * {@code bookingConfirmedEvent}, {@code bookingCancelledEvent} and {@code bookingExpiredEvent} (the seats-booked
 * projection, one queue each) and {@code outboxSweep} (scheduled); SPRING_CLOUD_FUNCTION_DEFINITION picks one.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class EventFunctionsApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
