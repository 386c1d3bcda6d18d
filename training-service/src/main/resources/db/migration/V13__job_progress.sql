-- The training loss curve of a job: one point per progress heartbeat (about every 2 s), written in the heartbeat's
-- transaction under the job's lease. One point per step: a resumed attempt re-runs the steps after its checkpoint,
-- so claiming it deletes the points past that checkpoint and its own points take their place.
CREATE TABLE job_progress (
    job_id            TEXT             NOT NULL REFERENCES training_job (id),
    step              INT              NOT NULL CHECK (step >= 0),
    loss              DOUBLE PRECISION NOT NULL,
    tokens_per_second DOUBLE PRECISION,
    attempt           INT              NOT NULL,
    recorded_at       TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (job_id, step)
);
