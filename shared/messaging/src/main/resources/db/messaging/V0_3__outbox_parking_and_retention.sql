-- A message SNS keeps rejecting (too large, an invalid attribute) is parked after a bounded number of attempts
-- instead of being retried forever: OutboxRelay skips it, counts it (metric OutboxMessagesParked) and lists it
-- for an operator, who can requeue it once the cause is fixed.
ALTER TABLE outbox_message ADD COLUMN parked_at TIMESTAMPTZ;

DROP INDEX outbox_message_pending;
CREATE INDEX outbox_message_pending ON outbox_message (next_attempt_at) WHERE sent_at IS NULL AND parked_at IS NULL;
CREATE INDEX outbox_message_parked ON outbox_message (parked_at) WHERE parked_at IS NOT NULL;
-- the retention deletes sent rows oldest first, in bounded batches
CREATE INDEX outbox_message_sent ON outbox_message (sent_at) WHERE sent_at IS NOT NULL;
