-- One row per booking the seats-booked projection has heard of, so that booking.created and the message releasing
-- its seats (booking.cancelled or booking.expired) commute: they arrive on different queues, in any order, and a
-- booking can be released twice (an expired hold paid late is then cancelled with REFUND_LATE_PAYMENT). The
-- booking's seats count in event_seats while created AND NOT released; each flag flips once. Bookings counted
-- before this table existed have no row, so a later release of one of them is not subtracted.
CREATE TABLE event_seat_booking (
    booking_id UUID        PRIMARY KEY,
    event_id   UUID        NOT NULL,
    quantity   INTEGER     NOT NULL CHECK (quantity > 0),
    created    BOOLEAN     NOT NULL,
    released   BOOLEAN     NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
