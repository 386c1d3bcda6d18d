-- Datanet settings materialised from datanet.datanets.defined.v1 (latest definition wins).
CREATE TABLE datanet_settings (
    datanet_id           TEXT PRIMARY KEY,
    owner_id             TEXT             NOT NULL,
    review_mode          TEXT             NOT NULL,
    acceptance_threshold DOUBLE PRECISION NOT NULL,
    defined_at           TIMESTAMPTZ      NOT NULL
);

-- One report per upload: the current verdict (highest version) and what the checks found.
CREATE TABLE report (
    upload_id            TEXT PRIMARY KEY,
    datanet_id           TEXT             NOT NULL,
    contributor_id       TEXT             NOT NULL,
    file_name            TEXT             NOT NULL,
    verdict              TEXT             NOT NULL,
    verdict_version      INT              NOT NULL,
    decided_by           TEXT             NOT NULL,
    quality_score        DOUBLE PRECISION NOT NULL,
    records_total        INT              NOT NULL,
    records_accepted     INT              NOT NULL,
    reason_counts        TEXT             NOT NULL,
    rejected_records     TEXT             NOT NULL,
    file_error           TEXT,
    cleaned_blob_address TEXT,
    cleaned_sha256       TEXT,
    validated_at         TIMESTAMPTZ      NOT NULL,
    updated_at           TIMESTAMPTZ      NOT NULL
);
CREATE INDEX report_datanet ON report (datanet_id);

-- Every decision on an upload, in order: the automatic verdict and each review after it.
CREATE TABLE verdict_history (
    upload_id   TEXT        NOT NULL REFERENCES report (upload_id),
    version     INT         NOT NULL,
    verdict     TEXT        NOT NULL,
    decided_by  TEXT        NOT NULL,
    reviewer_id TEXT,
    comment     TEXT,
    decided_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (upload_id, version)
);

-- The duplicate index: fingerprints of records in uploads; only those of currently ACCEPTED uploads are active.
CREATE SEQUENCE record_fingerprint_seq INCREMENT BY 50;
CREATE TABLE record_fingerprint (
    id             BIGINT PRIMARY KEY,
    datanet_id     TEXT    NOT NULL,
    upload_id      TEXT    NOT NULL,
    contributor_id TEXT    NOT NULL,
    record_index   INT     NOT NULL,
    exact_hash     TEXT    NOT NULL,
    signature      BYTEA   NOT NULL,
    active         BOOLEAN NOT NULL
);
CREATE INDEX record_fingerprint_exact ON record_fingerprint (datanet_id, exact_hash) WHERE active;
CREATE INDEX record_fingerprint_upload ON record_fingerprint (upload_id);

-- LSH buckets (16 per record): a lookup touches only the buckets of the records being checked, so it stays
-- sub-linear in the size of the datanet.
CREATE SEQUENCE lsh_band_seq INCREMENT BY 50;
CREATE TABLE lsh_band (
    id             BIGINT PRIMARY KEY,
    datanet_id     TEXT   NOT NULL,
    band_key       BIGINT NOT NULL,
    fingerprint_id BIGINT NOT NULL REFERENCES record_fingerprint (id)
);
CREATE INDEX lsh_band_lookup ON lsh_band (datanet_id, band_key);
