-- The payment context (database payment). Amounts are integer minor units of an ISO 4217 currency (JPY 0 decimals,
-- EUR 2, BHD 3), never floating point. One payment per booking; every POST /api/payments is an attempt with its own
-- provider idempotency key, so a retry after a decline is a new charge and a replay of one attempt never is.
CREATE TABLE payment (
    id           UUID PRIMARY KEY,
    booking_id   UUID        NOT NULL UNIQUE,
    event_id     UUID        NOT NULL,
    -- the booking's attendee: the payer, who alone may pay it
    user_id      UUID        NOT NULL,
    -- who may read it besides the payer (and admins)
    organizer_id UUID        NOT NULL,
    amount_minor BIGINT      NOT NULL CHECK (amount_minor > 0),
    currency     CHAR(3)     NOT NULL,
    status       TEXT        NOT NULL
        CHECK (status IN ('PROCESSING', 'REQUIRES_ACTION', 'SUCCEEDED', 'FAILED', 'REFUNDED')),
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE INDEX payment_user ON payment (user_id, created_at DESC);

CREATE TABLE payment_attempt (
    id                       UUID PRIMARY KEY,
    payment_id               UUID        NOT NULL REFERENCES payment (id),
    gateway                  TEXT        NOT NULL,
    -- sent with the charge: the processor answers a repeated request with the first one's result
    provider_idempotency_key TEXT        NOT NULL UNIQUE,
    provider_intent_id       TEXT UNIQUE,
    payment_method           TEXT        NOT NULL,
    amount_minor             BIGINT      NOT NULL CHECK (amount_minor > 0),
    currency                 CHAR(3)     NOT NULL,
    status                   TEXT        NOT NULL
        CHECK (status IN ('PROCESSING', 'REQUIRES_ACTION', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    failure_code             TEXT,
    decline_code             TEXT,
    -- what the payer's client needs for 3-D Secure (REQUIRES_ACTION only)
    client_secret            TEXT,
    next_action_type         TEXT,
    created_at               TIMESTAMPTZ NOT NULL,
    updated_at               TIMESTAMPTZ NOT NULL
);

CREATE INDEX payment_attempt_payment ON payment_attempt (payment_id, created_at);
-- reconciliation only ever scans attempts the processor left open
CREATE INDEX payment_attempt_open ON payment_attempt (updated_at) WHERE status IN ('PROCESSING', 'REQUIRES_ACTION');

-- One refund per captured attempt (UNIQUE attempt_id: booking.cancelled delivered twice refunds once). A refund the
-- processor refuses is retried with backoff and, after the last try, PARKED for an operator: never dropped.
CREATE TABLE payment_refund (
    id                       UUID PRIMARY KEY,
    payment_id               UUID        NOT NULL REFERENCES payment (id),
    attempt_id               UUID        NOT NULL UNIQUE REFERENCES payment_attempt (id),
    amount_minor             BIGINT      NOT NULL CHECK (amount_minor > 0),
    currency                 CHAR(3)     NOT NULL,
    reason                   TEXT        NOT NULL,
    provider_idempotency_key TEXT        NOT NULL UNIQUE,
    provider_refund_id       TEXT UNIQUE,
    status                   TEXT        NOT NULL CHECK (status IN ('PENDING', 'PROCESSING', 'SUCCEEDED', 'PARKED')),
    tries                    INTEGER     NOT NULL DEFAULT 0,
    next_try_at              TIMESTAMPTZ NOT NULL,
    last_error               TEXT,
    created_at               TIMESTAMPTZ NOT NULL,
    updated_at               TIMESTAMPTZ NOT NULL
);

CREATE INDEX payment_refund_due ON payment_refund (next_try_at) WHERE status IN ('PENDING', 'PROCESSING');
CREATE INDEX payment_refund_parked ON payment_refund (updated_at) WHERE status = 'PARKED';

-- Idempotency-Key of POST /api/payments, scoped to the payer: claimed (committed) before the gateway is called, so a
-- concurrent request with the key waits for the first one's stored response instead of charging again.
CREATE TABLE payment_idempotency_key (
    user_id         UUID        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    request_hash    TEXT        NOT NULL,
    attempt_id      UUID,
    status_code     INTEGER,
    response_body   TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);

CREATE INDEX payment_idempotency_key_age ON payment_idempotency_key (created_at);
CREATE INDEX payment_idempotency_key_attempt ON payment_idempotency_key (attempt_id);

-- Webhook event ids already applied: Stripe delivers at least once, and a replayed event must change nothing.
CREATE TABLE webhook_event (
    id          TEXT PRIMARY KEY,
    type        TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX webhook_event_age ON webhook_event (received_at);
