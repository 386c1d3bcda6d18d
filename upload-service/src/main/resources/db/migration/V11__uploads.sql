CREATE TABLE upload (
    id              TEXT PRIMARY KEY,
    datanet_id      TEXT        NOT NULL REFERENCES datanet (id),
    contributor_id  TEXT        NOT NULL,
    file_name       TEXT        NOT NULL,
    media_type      TEXT        NOT NULL,
    size_bytes      BIGINT      NOT NULL CHECK (size_bytes >= 0),
    sha256          TEXT        NOT NULL,
    blob_address    TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('RECEIVED', 'PENDING_REVIEW', 'ACCEPTED', 'REJECTED')),
    verdict_version INT         NOT NULL DEFAULT 0,
    quality_score   DOUBLE PRECISION,
    reason_counts   TEXT,
    received_at     TIMESTAMPTZ NOT NULL,
    -- The UTC day the upload counts against in the daily quotas.
    received_day    DATE        NOT NULL,
    decided_at      TIMESTAMPTZ,
    -- The same content from the same contributor to the same datanet is stored once (409 on a second try).
    CONSTRAINT upload_same_content UNIQUE (contributor_id, datanet_id, sha256)
);
CREATE INDEX upload_contributor_day ON upload (contributor_id, received_day);
CREATE INDEX upload_contributor_status ON upload (contributor_id, status);
CREATE INDEX upload_datanet_day ON upload (datanet_id, received_day);
CREATE INDEX upload_contributor_received ON upload (contributor_id, received_at DESC, id);

-- The reputation tier last announced for a contributor; it scales the daily quotas.
CREATE TABLE contributor_tier (
    contributor_id TEXT PRIMARY KEY,
    tier           TEXT        NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);

-- A retried POST with the same Idempotency-Key returns the first result.
CREATE TABLE idempotency_key (
    contributor_id TEXT        NOT NULL,
    idempotency_key TEXT       NOT NULL,
    request_digest TEXT        NOT NULL,
    upload_id      TEXT        NOT NULL REFERENCES upload (id),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (contributor_id, idempotency_key)
);

-- The datanet owner's decision on an upload in owner review mode (one per upload).
CREATE TABLE upload_review (
    upload_id   TEXT PRIMARY KEY REFERENCES upload (id),
    reviewer_id TEXT        NOT NULL,
    decision    TEXT        NOT NULL CHECK (decision IN ('APPROVE', 'REJECT')),
    comment     TEXT        NOT NULL DEFAULT '',
    reviewed_at TIMESTAMPTZ NOT NULL
);
