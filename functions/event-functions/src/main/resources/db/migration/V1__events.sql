-- Events of the catalogue. Money is NUMERIC with its ISO 4217 currency, never a float.
CREATE TABLE event (
    id             UUID PRIMARY KEY,
    organizer_id   UUID          NOT NULL,
    title          TEXT          NOT NULL,
    description    TEXT          NOT NULL,
    venue_name     TEXT          NOT NULL,
    venue_address  TEXT          NOT NULL,
    venue_city     TEXT          NOT NULL,
    starts_at      TIMESTAMPTZ   NOT NULL,
    ends_at        TIMESTAMPTZ   NOT NULL,
    time_zone      TEXT          NOT NULL,
    capacity       INTEGER       NOT NULL CHECK (capacity > 0),
    price_amount   NUMERIC(12,2) NOT NULL CHECK (price_amount >= 0),
    price_currency CHAR(3)       NOT NULL,
    status         TEXT          NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'CANCELLED')),
    created_at     TIMESTAMPTZ   NOT NULL,
    updated_at     TIMESTAMPTZ   NOT NULL,
    published_at   TIMESTAMPTZ,
    cancelled_at   TIMESTAMPTZ,
    CHECK (ends_at > starts_at)
);

-- the public listing: published events by start, optionally in one city
CREATE INDEX event_published_start ON event (starts_at, id) WHERE status = 'PUBLISHED';
CREATE INDEX event_published_city ON event (lower(venue_city), starts_at) WHERE status = 'PUBLISHED';
CREATE INDEX event_organizer ON event (organizer_id, created_at);

-- Seats booked per event, projected from booking.created (eventually consistent, shown in listings; the booking
-- context's inventory is the truth). No foreign key: a booking message may arrive before this database has the event.
CREATE TABLE event_seats (
    event_id     UUID        PRIMARY KEY,
    seats_booked INTEGER     NOT NULL CHECK (seats_booked >= 0),
    updated_at   TIMESTAMPTZ NOT NULL
);
