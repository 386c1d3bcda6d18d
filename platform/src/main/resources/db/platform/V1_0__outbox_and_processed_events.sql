-- Shared by every service (Flyway location db/platform). Service migrations start at V10.

-- Transactional outbox: an event is inserted in the same transaction as the state change it announces; the
-- relay publishes rows in seq order and deletes them once the broker has acknowledged (acks=all).
CREATE TABLE outbox (
    seq         BIGSERIAL PRIMARY KEY,
    event_id    TEXT        NOT NULL UNIQUE,
    topic       TEXT        NOT NULL,
    event_key   TEXT,
    event_type  TEXT        NOT NULL,
    source      TEXT        NOT NULL,
    subject     TEXT,
    event_time  TIMESTAMPTZ NOT NULL,
    payload     TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Idempotent consumption: the id of every event a consumer applied, written in the same transaction as the
-- state change, so a redelivered event is recognised and changes nothing.
CREATE TABLE processed_event (
    consumer     TEXT        NOT NULL,
    event_id     TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
