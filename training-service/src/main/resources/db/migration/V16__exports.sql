-- Exports of a datanet's accepted data (issue 17). The dataset card names the datanet's description, licence and tags
-- as its latest definition had them: kept with the owner, from datanet.datanets.defined.v1.
ALTER TABLE datanet ADD COLUMN description TEXT NOT NULL DEFAULT '',
                    ADD COLUMN license     TEXT NOT NULL DEFAULT 'unknown',
                    ADD COLUMN tags        TEXT NOT NULL DEFAULT '';  -- comma-separated: tags are a-z, 0-9 and '-'

-- One export: a snapshot's records laid out as Hugging Face `datasets` loads them. Its card is kept as written, so
-- the export stays what its owner took out even after the datanet's description or licence change.
CREATE TABLE dataset_export (
    id              TEXT PRIMARY KEY,
    datanet_id      TEXT        NOT NULL,
    snapshot_digest TEXT        NOT NULL REFERENCES dataset_snapshot (digest),
    requested_by    TEXT        NOT NULL,
    records         BIGINT      NOT NULL CHECK (records >= 0),
    card            TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX dataset_export_datanet ON dataset_export (datanet_id, created_at DESC);

-- The record shards of an export. Their bytes are not stored: a shard is written again from the snapshot's cleaned
-- files on each download (its records are the config's records from upload start_upload, record start_record of the
-- snapshot's order on), and bytes and sha256 say what that must give.
CREATE TABLE export_shard (
    export_id    TEXT   NOT NULL REFERENCES dataset_export (id),
    path         TEXT   NOT NULL,
    config       TEXT   NOT NULL,
    start_upload INT    NOT NULL CHECK (start_upload >= 0),
    start_record INT    NOT NULL CHECK (start_record >= 0),
    records      BIGINT NOT NULL CHECK (records > 0),
    bytes        BIGINT NOT NULL CHECK (bytes > 0),
    sha256       TEXT   NOT NULL,
    PRIMARY KEY (export_id, path)
);
