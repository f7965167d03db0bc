-- One row per booking the seats-booked projection has heard of: whether its seats are held (booking.created or
-- booking.confirmed) or released (booking.cancelled or booking.expired), as of the occurredAt of the message that
-- said so. The four arrive on different queues in any order; the latest occurredAt wins, so a release delivered
-- before its booking.created keeps the seats uncounted, a second release (an expired hold paid late, then cancelled
-- with REFUND_LATE_PAYMENT) subtracts nothing, and a late payment that took the seats again counts them again.
-- Bookings counted before this table existed have no row, so a later release of one of them is not subtracted.
CREATE TABLE event_seat_booking (
    booking_id UUID        PRIMARY KEY,
    event_id   UUID        NOT NULL,
    quantity   INTEGER     NOT NULL CHECK (quantity > 0),
    held       BOOLEAN     NOT NULL,
    as_of      TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
