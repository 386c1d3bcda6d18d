-- The reputation tier reputation-service last announced for a contributor (datanet.reputation.updated.v1, the
-- newest announcement wins): it scales the daily compute budget of the jobs they request.
CREATE TABLE contributor_tier (
    contributor_id TEXT PRIMARY KEY,
    tier           TEXT        NOT NULL CHECK (tier IN ('RESTRICTED', 'NEW', 'TRUSTED', 'EXPERT')),
    updated_at     TIMESTAMPTZ NOT NULL
);

-- What a job was estimated to cost when it was queued (training-service/README.md, "Limits"), charged to its
-- requester's budget of the UTC day it was queued. Jobs queued before limits existed cost nothing.
ALTER TABLE training_job ADD COLUMN compute_cost BIGINT NOT NULL DEFAULT 0 CHECK (compute_cost >= 0);

-- The requester's active jobs and today's spending, read under the requester's lock on every manual request.
CREATE INDEX training_job_requester ON training_job (requested_by, created_at DESC) WHERE trigger = 'MANUAL';
