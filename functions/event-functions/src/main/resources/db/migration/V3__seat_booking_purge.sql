-- The outbox sweep forgets ledger rows untouched for the redelivery retention (OutboxSweepFunction): by age.
CREATE INDEX event_seat_booking_updated ON event_seat_booking (updated_at);
