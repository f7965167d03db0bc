package com.eventplanner.booking;

import com.eventplanner.audit.AuditRecord;
import com.eventplanner.audit.AuditWriter;
import com.eventplanner.cache.CacheAside;
import com.eventplanner.cache.CacheKeys;
import com.eventplanner.contracts.Destinations;
import com.eventplanner.contracts.Envelope;
import com.eventplanner.contracts.Payload;
import com.eventplanner.messaging.outbox.Outbox;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What a state change causes besides its rows: the message announcing it (outbox, same transaction), and once the
 * transaction committed, the eviction of {@code booking:<id>} and the audit record. A rolled-back change leaves none.
 */
final class Effects {

    private static final String CORRELATION_ID = "correlationId";

    private final Outbox outbox;
    private final CacheAside cache;
    private final AuditWriter audit;
    private final Clock clock;
    private final String source;

    /** {@code cache} and {@code audit} may be null where a process runs without them. */
    Effects(Outbox outbox, CacheAside cache, AuditWriter audit, Clock clock, String source) {
        this.outbox = outbox;
        this.cache = cache;
        this.audit = audit;
        this.clock = clock;
        this.source = source;
    }

    void publish(Payload payload) {
        outbox.append(envelope(payload, MDC.get(CORRELATION_ID)));
    }

    /** Work this context hands back to itself, through its own topic (see InventoryProjection#eventCancelled). */
    void continueOnBookingTopic(Envelope<?> continuation) {
        outbox.appendTo(Destinations.BOOKING_TOPIC, continuation);
    }

    /** Messages of several requests in one round trip; see {@link #envelope}. */
    void publishAll(List<Envelope<?>> envelopes) {
        outbox.appendAll(envelopes);
    }

    /** A message on behalf of the request with {@code correlationId} (a new one if it has none). */
    Envelope<?> envelope(Payload payload, String correlationId) {
        return Envelope.of(payload, source, correlationId != null ? correlationId : UUID.randomUUID().toString(),
                clock.instant());
    }

    /** Evicts the booking's cache entry and records the change, both after commit. */
    void bookingChanged(Booking booking, String action, UUID actor, Map<String, Object> changes) {
        afterCommit(() -> {
            if (cache != null) {
                cache.evict(CacheKeys.BOOKING.key(booking.id().toString()));
            }
            write(action, actor, booking.id(), changes);
        });
    }

    /** One booking's change, as {@link #bookingChanged} records it. */
    record Change(Booking booking, String action, UUID actor, Map<String, Object> changes) {
    }

    /** {@link #bookingChanged} for many bookings: one eviction round trip and one audit batch after the commit. */
    void bookingsChanged(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        afterCommit(() -> {
            if (cache != null) {
                cache.evict(changes.stream().map(c -> CacheKeys.BOOKING.key(c.booking().id().toString()))
                        .toArray(String[]::new));
            }
            if (audit != null) {
                audit.writeAll(changes.stream().map(c -> record(c.action(), c.actor(), c.booking().id(), c.changes()))
                        .toList());
            }
        });
    }

    /**
     * A new booking: nothing can be cached under its fresh id yet, so only the audit record follows the commit,
     * under the correlation id of the request that made it (a batch commits other threads' requests).
     */
    void bookingCreated(Booking booking, UUID actor, Map<String, Object> changes, String correlationId) {
        afterCommit(() -> {
            String own = MDC.get(CORRELATION_ID);
            putCorrelationId(correlationId);
            try {
                write("booking.created", actor, booking.id(), changes);
            } finally {
                putCorrelationId(own);
            }
        });
    }

    void audit(String action, UUID actor, UUID resourceId, Map<String, Object> changes) {
        afterCommit(() -> write(action, actor, resourceId, changes));
    }

    private void write(String action, UUID actor, UUID resourceId, Map<String, Object> changes) {
        if (audit != null) {
            audit.write(record(action, actor, resourceId, changes));
        }
    }

    private static AuditRecord record(String action, UUID actor, UUID resourceId, Map<String, Object> changes) {
        return AuditRecord.of(action, actor == null ? null : actor.toString(), resourceId.toString(), changes);
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    private static void putCorrelationId(String correlationId) {
        if (correlationId == null) {
            MDC.remove(CORRELATION_ID);
        } else {
            MDC.put(CORRELATION_ID, correlationId);
        }
    }
}
