package com.eventplanner.booking;

import com.eventplanner.audit.AuditWriter;
import com.eventplanner.cache.CacheAside;
import com.eventplanner.messaging.outbox.Outbox;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/** The booking domain for booking-service and the booking functions alike, once the outbox is configured. */
@AutoConfiguration(afterName = {
        "com.eventplanner.messaging.MessagingAutoConfiguration",
        "com.eventplanner.cache.CacheAutoConfiguration",
        "com.eventplanner.audit.AuditAutoConfiguration"})
@ConditionalOnBean(Outbox.class)
@EnableConfigurationProperties({BookingProperties.class, IdempotencyKeyProperties.class})
public class BookingDomainAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    BookingDomain bookingDomain(DataSource dataSource, PlatformTransactionManager transactionManager, Outbox outbox,
                                ObjectProvider<CacheAside> cache, ObjectProvider<AuditWriter> audit,
                                ObjectProvider<Clock> clock, BookingProperties properties,
                                @Value("${spring.application.name:booking}") String source) {
        BookingSettings settings = new BookingSettings(properties.holdDuration(),
                properties.maxSeatsPerUserPerEvent(), properties.expiryBatchSize(),
                properties.cancellationChunkSize(), properties.cancellationCutoff(), source);
        return new BookingDomain(dataSource, transactionManager, outbox, cache.getIfAvailable(),
                new DeferredAuditWriter(audit), settings, clock.getIfAvailable(Clock::systemUTC),
                properties.asyncAudit());
    }

    @Bean
    Bookings bookings(BookingDomain domain) {
        return domain.bookings();
    }

    @Bean
    InventoryProjection bookingInventoryProjection(BookingDomain domain) {
        return domain.inventory();
    }

    @Bean
    PaymentConfirmation bookingPaymentConfirmation(BookingDomain domain) {
        return domain.payments();
    }

    @Bean
    HoldExpiry bookingHoldExpiry(BookingDomain domain) {
        return domain.holdExpiry();
    }

    @Bean
    @ConditionalOnMissingBean
    IdempotencyKeyPurge idempotencyKeyPurge(DataSource dataSource, IdempotencyKeyProperties properties,
                                            ObjectProvider<Clock> clock) {
        return new IdempotencyKeyPurge(dataSource, properties, clock.getIfAvailable(Clock::systemUTC));
    }
}
