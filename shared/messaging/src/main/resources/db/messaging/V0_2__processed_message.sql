-- Envelope ids a consumer has handled; inserted in the same transaction as the handler's effects (see
-- JdbcProcessedMessages). The consumer name lets several consumers share one database.
CREATE TABLE processed_message (
    consumer     TEXT        NOT NULL,
    message_id   UUID        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
);

CREATE INDEX processed_message_age ON processed_message (processed_at);
