-- Seat inventory per event, opened from event.created. Invariant kept by every statement that touches it:
--   available + seats held by PENDING_PAYMENT bookings + seats_sold (CONFIRMED) = capacity.
-- Seats are only ever taken by a conditional UPDATE (available >= n); the CHECKs are the last line of defence.
CREATE TABLE inventory (
    event_id          UUID PRIMARY KEY,
    organizer_id      UUID           NOT NULL,
    title             TEXT           NOT NULL,
    capacity          INTEGER        NOT NULL CHECK (capacity >= 0),
    available         INTEGER        NOT NULL CHECK (available >= 0),
    seats_sold        INTEGER        NOT NULL DEFAULT 0 CHECK (seats_sold >= 0),
    price_amount      NUMERIC(12, 2) NOT NULL CHECK (price_amount >= 0),
    price_currency    CHAR(3)        NOT NULL,
    status            TEXT           NOT NULL CHECK (status IN ('OPEN', 'CANCELLED')),
    -- occurredAt of the last event message applied: an older event.updated delivered late is ignored
    source_changed_at TIMESTAMPTZ    NOT NULL,
    updated_at        TIMESTAMPTZ    NOT NULL,
    CHECK (available + seats_sold <= capacity)
);

CREATE INDEX inventory_organizer ON inventory (organizer_id);

-- event_id deliberately has no FOREIGN KEY to inventory: every insert's FK check would take a KEY SHARE lock on the
-- event's inventory row, turning the hottest row of a sale into a multixact that every seat UPDATE must resolve.
-- Bookings are only written after their inventory row was read, and inventory rows are never deleted.
CREATE TABLE booking (
    id                  UUID PRIMARY KEY,
    event_id            UUID           NOT NULL,
    user_id             UUID           NOT NULL,
    quantity            INTEGER        NOT NULL CHECK (quantity BETWEEN 1 AND 10),
    amount              NUMERIC(12, 2) NOT NULL CHECK (amount >= 0),
    currency            CHAR(3)        NOT NULL,
    status              TEXT           NOT NULL
        CHECK (status IN ('PENDING_PAYMENT', 'CONFIRMED', 'CANCELLED', 'EXPIRED')),
    hold_expires_at     TIMESTAMPTZ    NOT NULL,
    payment_id          UUID,
    cancellation_reason TEXT CHECK (cancellation_reason IN ('USER_REQUEST', 'EVENT_CANCELLED', 'REFUND_LATE_PAYMENT')),
    created_at          TIMESTAMPTZ    NOT NULL,
    updated_at          TIMESTAMPTZ    NOT NULL,
    CHECK (status <> 'CONFIRMED' OR payment_id IS NOT NULL)
);

CREATE INDEX booking_user ON booking (user_id, created_at DESC);
CREATE INDEX booking_event ON booking (event_id, created_at DESC);
-- the hold-expiry sweep only ever scans open holds
CREATE INDEX booking_open_holds ON booking (hold_expires_at) WHERE status = 'PENDING_PAYMENT';

-- Seats a user holds or owns per event, for the per-user cap (OWASP API6): raised by one conditional upsert, so two
-- concurrent requests of one user cannot both slip under the cap.
CREATE TABLE user_event_seats (
    event_id UUID    NOT NULL,
    user_id  UUID    NOT NULL,
    seats    INTEGER NOT NULL CHECK (seats >= 0),
    PRIMARY KEY (event_id, user_id)
);

-- Idempotency-Key of POST /api/bookings, scoped to the user: the first request's response is replayed for the same
-- body; a different body under the same key is refused. Claimed in the booking's own transaction.
CREATE TABLE idempotency_key (
    user_id         UUID        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    request_hash    TEXT        NOT NULL,
    status_code     INTEGER,
    response_body   TEXT,
    booking_id      UUID,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);

CREATE INDEX idempotency_key_age ON idempotency_key (created_at);
