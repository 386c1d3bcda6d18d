-- Who copied whom: each rejected record that duplicates (exactly, nearly or as a paraphrase) another contributor's
-- accepted record, with that record. Written with the report, in the same transaction; listed at /api/copies.
CREATE TABLE copy_evidence (
    copier_upload_id TEXT        NOT NULL REFERENCES report (upload_id),
    copier_record    INT         NOT NULL,
    datanet_id       TEXT        NOT NULL,
    copier_id        TEXT        NOT NULL,
    author_id        TEXT        NOT NULL,
    author_upload_id TEXT        NOT NULL,
    author_record    INT         NOT NULL,
    kind             TEXT        NOT NULL,
    found_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (copier_upload_id, copier_record)
);
CREATE INDEX copy_evidence_pair ON copy_evidence (datanet_id, copier_id, author_id);
CREATE INDEX copy_evidence_copier ON copy_evidence (copier_id);
