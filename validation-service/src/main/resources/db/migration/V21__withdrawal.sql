-- Withdrawn and erased uploads (issue 17), from datanet.uploads.withdrawn.v1. The upload's records leave the
-- duplicate index (their fingerprints are deleted; LSH band rows left pointing at them match nothing); its report
-- stays, marked withdrawn, with its verdict history; an upload withdrawn before it was judged is never judged.
CREATE TABLE withdrawn_upload (
    upload_id      TEXT PRIMARY KEY,
    datanet_id     TEXT        NOT NULL,
    contributor_id TEXT        NOT NULL,
    reason         TEXT        NOT NULL CHECK (reason IN ('WITHDRAWN', 'ERASED')),
    withdrawn_at   TIMESTAMPTZ NOT NULL
);
ALTER TABLE report ADD COLUMN withdrawn_at TIMESTAMPTZ;
