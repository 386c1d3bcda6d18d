-- Datanet owners, from datanet.datanets.defined.v1 (the latest definition wins): who may start jobs.
CREATE TABLE datanet (
    id         TEXT PRIMARY KEY,
    owner_id   TEXT        NOT NULL,
    name       TEXT        NOT NULL DEFAULT '',
    defined_at TIMESTAMPTZ NOT NULL
);

-- The latest verdict of every upload, from datanet.uploads.validated.v1. An upload is part of its datanet's
-- dataset (active) while its latest verdict is ACCEPTED with a cleaned file of accepted records; an override to
-- REJECTED (a higher verdict version) takes it out again.
CREATE TABLE dataset_upload (
    upload_id            TEXT PRIMARY KEY,
    datanet_id           TEXT        NOT NULL,
    contributor_id       TEXT        NOT NULL,
    verdict_version      INT         NOT NULL,
    verdict              TEXT        NOT NULL CHECK (verdict IN ('ACCEPTED', 'REJECTED', 'PENDING_REVIEW')),
    records_accepted     INT         NOT NULL CHECK (records_accepted >= 0),
    cleaned_blob_address TEXT,
    cleaned_sha256       TEXT,
    active               BOOLEAN     NOT NULL,
    validated_at         TIMESTAMPTZ,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX dataset_upload_active ON dataset_upload (datanet_id, upload_id) WHERE active;

-- An immutable dataset snapshot: the uploads a job trains on, with the content hashes of their cleaned files.
-- The digest covers the datanet, the split rule and every (upload, contributor, sha256, records) line, so equal
-- digests mean equal training data and the same train/validation split.
CREATE TABLE dataset_snapshot (
    digest              TEXT PRIMARY KEY,
    datanet_id          TEXT             NOT NULL,
    upload_count        INT              NOT NULL,
    record_count        INT              NOT NULL,
    validation_fraction DOUBLE PRECISION NOT NULL CHECK (validation_fraction > 0 AND validation_fraction < 1),
    created_at          TIMESTAMPTZ      NOT NULL
);
CREATE INDEX dataset_snapshot_datanet ON dataset_snapshot (datanet_id, created_at DESC);

CREATE TABLE snapshot_upload (
    snapshot_digest      TEXT NOT NULL REFERENCES dataset_snapshot (digest),
    upload_id            TEXT NOT NULL,
    contributor_id       TEXT NOT NULL,
    cleaned_blob_address TEXT NOT NULL,
    cleaned_sha256       TEXT NOT NULL,
    records              INT  NOT NULL,
    PRIMARY KEY (snapshot_digest, upload_id)
);
