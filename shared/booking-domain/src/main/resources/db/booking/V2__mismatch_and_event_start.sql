-- A payment whose amount, currency or payer differs from its booking cancels it for a refund (PaymentConfirmation).
ALTER TABLE booking DROP CONSTRAINT booking_cancellation_reason_check;
ALTER TABLE booking ADD CONSTRAINT booking_cancellation_reason_check
    CHECK (cancellation_reason IN ('USER_REQUEST', 'EVENT_CANCELLED', 'REFUND_LATE_PAYMENT', 'PAYMENT_MISMATCH'));

-- When the event starts, from event.created / event.updated: an attendee may cancel until a configurable time before
-- it. NULL for an inventory opened before this column existed, or by event.cancelled before event.created arrived.
ALTER TABLE inventory ADD COLUMN starts_at TIMESTAMPTZ;

-- Cancelling an event walks its active bookings in chunks (InventoryProjection.eventCancelled): only those are indexed.
CREATE INDEX booking_event_active ON booking (event_id, id) WHERE status IN ('PENDING_PAYMENT', 'CONFIRMED');
