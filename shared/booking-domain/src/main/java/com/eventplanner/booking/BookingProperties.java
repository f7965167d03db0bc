package com.eventplanner.booking;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventplanner.booking.*}; see {@link BookingSettings}. {@code async-audit} suits long-lived services only
 * (see {@link BookingDomain}).
 */
@ConfigurationProperties("eventplanner.booking")
public record BookingProperties(@DefaultValue("15m") Duration holdDuration,
                                @DefaultValue("10") int maxSeatsPerUserPerEvent,
                                @DefaultValue("200") int expiryBatchSize,
                                @DefaultValue("250") int cancellationChunkSize,
                                @DefaultValue("24h") Duration cancellationCutoff,
                                @DefaultValue("false") boolean asyncAudit) {
}
