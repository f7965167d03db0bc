package com.eventplanner.booking;

import com.eventplanner.audit.AuditWriter;
import com.eventplanner.cache.CacheAside;
import com.eventplanner.messaging.outbox.Outbox;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The booking context over database {@code booking}, wired by hand or by {@link BookingDomainAutoConfiguration}.
 * The transaction manager must manage {@code dataSource}, the one the {@link Outbox} writes to, so that a change
 * and its message commit together.
 */
public final class BookingDomain implements AutoCloseable {

    /** What the background audit hand-over may hold before records are written on the committing thread. */
    private static final long ASYNC_AUDIT_QUEUE_BYTES = 8L * 1024 * 1024;

    private final Bookings bookings;
    private final InventoryProjection inventory;
    private final PaymentConfirmation payments;
    private final HoldExpiry holdExpiry;
    private final AutoCloseable auditWriter;

    /** {@code cache} and {@code audit} may be null (no caching, no audit trail). */
    public BookingDomain(DataSource dataSource, PlatformTransactionManager transactionManager, Outbox outbox,
                         CacheAside cache, AuditWriter audit, BookingSettings settings, Clock clock) {
        this(dataSource, transactionManager, outbox, cache, audit, settings, clock, false);
    }

    /**
     * @param asyncAudit write audit records on a background thread (long-lived processes) instead of on the thread
     *                   that committed the change (Lambda, where no background thread runs between invocations)
     */
    public BookingDomain(DataSource dataSource, PlatformTransactionManager transactionManager, Outbox outbox,
                         CacheAside cache, AuditWriter audit, BookingSettings settings, Clock clock,
                         boolean asyncAudit) {
        if (asyncAudit && audit != null) {
            AsyncAuditWriter async = new AsyncAuditWriter(audit, ASYNC_AUDIT_QUEUE_BYTES);
            audit = async;
            this.auditWriter = async;
        } else {
            this.auditWriter = () -> { };
        }
        BookingStore store = new BookingStore(dataSource);
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        Effects effects = new Effects(outbox, cache, audit, clock, settings.source());
        this.bookings = new Bookings(store, effects, transaction, cache, settings, clock);
        this.inventory = new InventoryProjection(store, effects, transaction, settings, clock);
        this.payments = new PaymentConfirmation(store, effects, transaction, clock);
        this.holdExpiry = new HoldExpiry(store, effects, transaction, settings, clock);
    }

    public Bookings bookings() {
        return bookings;
    }

    public InventoryProjection inventory() {
        return inventory;
    }

    public PaymentConfirmation payments() {
        return payments;
    }

    public HoldExpiry holdExpiry() {
        return holdExpiry;
    }

    /** Flushes audit records still queued for a background write. */
    @Override
    public void close() throws Exception {
        auditWriter.close();
    }
}
