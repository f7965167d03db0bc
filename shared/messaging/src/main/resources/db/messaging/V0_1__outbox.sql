-- Transactional outbox: written in the same transaction as the state change it announces, published to SNS by the
-- relay afterwards. Versions 0_x keep these tables ahead of every context's own V1.. migrations.
CREATE TABLE outbox_message (
    id              UUID PRIMARY KEY,
    topic           TEXT        NOT NULL,
    type            TEXT        NOT NULL,
    payload         TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT,
    sent_at         TIMESTAMPTZ
);

-- the relay only ever scans what is still to send
CREATE INDEX outbox_message_pending ON outbox_message (next_attempt_at) WHERE sent_at IS NULL;
