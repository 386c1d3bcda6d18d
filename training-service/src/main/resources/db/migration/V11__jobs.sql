-- The automatic-training policy of a datanet; datanets without a row use the configured defaults.
CREATE TABLE training_policy (
    datanet_id      TEXT PRIMARY KEY,
    auto_enabled    BOOLEAN     NOT NULL,
    min_new_records INT         NOT NULL CHECK (min_new_records >= 1),
    base_model      TEXT        NOT NULL,
    method          TEXT        NOT NULL CHECK (method IN ('LORA', 'QLORA')),
    hyperparameters TEXT        NOT NULL,
    updated_by      TEXT        NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

-- A fine-tuning job: the source of truth of the work queue. A worker owns a RUNNING job while its lease lasts
-- (worker_id, attempt as fencing token, lease_expires_at by the workers' clocks, which NTP keeps far closer than a lease); a job whose lease expired is
-- claimed again and resumes from checkpoint_address.
CREATE TABLE training_job (
    id                     TEXT PRIMARY KEY,
    datanet_id             TEXT        NOT NULL,
    snapshot_digest        TEXT        NOT NULL REFERENCES dataset_snapshot (digest),
    base_model             TEXT        NOT NULL,
    method                 TEXT        NOT NULL CHECK (method IN ('LORA', 'QLORA')),
    hyperparameters        TEXT        NOT NULL,
    -- sha256 of snapshot + base model + method + hyperparameters: the same training twice is refused.
    config_digest          TEXT        NOT NULL,
    trigger                TEXT        NOT NULL CHECK (trigger IN ('MANUAL', 'AUTOMATIC')),
    requested_by           TEXT        NOT NULL,
    status                 TEXT        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    cancel_requested       BOOLEAN     NOT NULL DEFAULT false,
    cancelled_by           TEXT,
    step                   INT         NOT NULL DEFAULT 0,
    total_steps            INT         NOT NULL DEFAULT 0,
    loss                   DOUBLE PRECISION,
    tokens_per_second      DOUBLE PRECISION,
    eta_seconds            BIGINT,
    metrics                TEXT,
    message                TEXT,
    train_examples         INT,
    validation_examples    INT,
    worker_id              TEXT,
    attempt                INT         NOT NULL DEFAULT 0,
    lease_expires_at       TIMESTAMPTZ,
    heartbeat_at           TIMESTAMPTZ,
    checkpoint_address     TEXT,
    checkpoint_step        INT,
    adapter_config_address TEXT,
    adapter_config_sha256  TEXT,
    adapter_model_address  TEXT,
    adapter_model_sha256   TEXT,
    adapter_digest         TEXT,
    created_at             TIMESTAMPTZ NOT NULL,
    started_at             TIMESTAMPTZ,
    finished_at            TIMESTAMPTZ,
    updated_at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX training_job_claimable ON training_job (created_at) WHERE status IN ('QUEUED', 'RUNNING');
CREATE INDEX training_job_datanet ON training_job (datanet_id, created_at DESC, id);
CREATE INDEX training_job_created ON training_job (created_at DESC, id);
-- The automatic trigger never makes two jobs for one snapshot.
CREATE UNIQUE INDEX training_job_one_automatic_per_snapshot ON training_job (snapshot_digest) WHERE trigger = 'AUTOMATIC';
-- The same training (snapshot and settings) is not queued again while one is queued, running or done.
CREATE UNIQUE INDEX training_job_same_config ON training_job (config_digest) WHERE status IN ('QUEUED', 'RUNNING', 'SUCCEEDED');

-- Per-contributor attribution of a succeeded job, written in the transaction that marks it SUCCEEDED; the
-- per-example influences are kept in the blob store (examples_address) so a payout can be audited.
CREATE TABLE attribution (
    job_id           TEXT PRIMARY KEY REFERENCES training_job (id),
    datanet_id       TEXT        NOT NULL,
    snapshot_digest  TEXT        NOT NULL,
    adapter_digest   TEXT        NOT NULL,
    method           TEXT        NOT NULL,
    contributors     TEXT        NOT NULL,
    examples_address TEXT,
    computed_at      TIMESTAMPTZ NOT NULL
);
