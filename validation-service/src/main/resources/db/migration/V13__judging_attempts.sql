-- Judging an upload that kills the service (a document bomb, a hang) must not be retried forever: each start of
-- judging is counted and committed before the file is opened, and the upload is rejected once the count passes
-- datanet.validation.max-judging-attempts (JudgingAttempts). The row is deleted with the verdict's commit.
CREATE TABLE judging_attempt (
    upload_id       TEXT PRIMARY KEY,
    attempts        INTEGER NOT NULL,
    last_started_at TIMESTAMPTZ NOT NULL
);
