-- reputation-service state. Everything in upload_verdict, attribution_job, attribution_credit and reputation is
-- derived from the two input topics alone and can be rebuilt from them (POST /api/admin/rebuild); contributor
-- and reputation_change record what was announced and why, at the time it happened.

-- The latest verdict of every upload: what it currently contributes to its contributor's reputation.
CREATE TABLE upload_verdict (
    upload_id       TEXT PRIMARY KEY,
    contributor_id  TEXT             NOT NULL,
    datanet_id      TEXT             NOT NULL,
    verdict_version INT              NOT NULL CHECK (verdict_version >= 1),
    verdict         TEXT             NOT NULL CHECK (verdict IN ('ACCEPTED', 'REJECTED', 'PENDING_REVIEW')),
    decided_by      TEXT             NOT NULL,
    quality_score   DOUBLE PRECISION NOT NULL CHECK (quality_score >= 0 AND quality_score <= 1),
    -- Event time (validatedAt, else ce_time), to the microsecond: the decay of the verdict counts from here.
    validated_at    TIMESTAMPTZ      NOT NULL,
    event_id        TEXT             NOT NULL
);
CREATE INDEX upload_verdict_contributor ON upload_verdict (contributor_id);

-- Training jobs whose attribution has been counted: once per job.
CREATE TABLE attribution_job (
    job_id      TEXT PRIMARY KEY,
    datanet_id  TEXT        NOT NULL,
    computed_at TIMESTAMPTZ NOT NULL,
    event_id    TEXT        NOT NULL
);

CREATE TABLE attribution_credit (
    job_id         TEXT             NOT NULL REFERENCES attribution_job (job_id),
    contributor_id TEXT             NOT NULL,
    datanet_id     TEXT             NOT NULL,
    share          DOUBLE PRECISION NOT NULL,
    influence      DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (job_id, contributor_id)
);
CREATE INDEX attribution_credit_contributor ON attribution_credit (contributor_id);

-- What each contributor's score is computed from, overall (scope '') and per datanet (scope = datanet id).
-- The NUMERIC sums are anchored at a fixed epoch (see Decay): exact, so they add up the same in any order and an
-- override subtracts exactly what the replaced verdict added.
CREATE TABLE reputation (
    contributor_id     TEXT    NOT NULL,
    scope              TEXT    NOT NULL,
    accepted           BIGINT  NOT NULL DEFAULT 0,
    rejected           BIGINT  NOT NULL DEFAULT 0,
    evidence           NUMERIC NOT NULL DEFAULT 0,
    quality            NUMERIC NOT NULL DEFAULT 0,
    rejections         NUMERIC NOT NULL DEFAULT 0,
    attribution        NUMERIC NOT NULL DEFAULT 0,
    attribution_earned NUMERIC NOT NULL DEFAULT 0,
    PRIMARY KEY (contributor_id, scope)
);
CREATE INDEX reputation_scope ON reputation (scope);

-- The score and tier last announced on datanet.reputation.updated.v1 (previousScore/previousTier of the next one).
CREATE TABLE contributor (
    contributor_id  TEXT PRIMARY KEY,
    announced_score DOUBLE PRECISION NOT NULL,
    announced_tier  TEXT             NOT NULL,
    announced_at    TIMESTAMPTZ
);

-- Why a contributor's reputation changed: every applied verdict, override, attribution and decay-driven tier change.
CREATE TABLE reputation_change (
    id             BIGSERIAL PRIMARY KEY,
    contributor_id TEXT             NOT NULL,
    kind           TEXT             NOT NULL,
    subject        TEXT,
    datanet_id     TEXT,
    event_id       TEXT,
    reason         TEXT             NOT NULL,
    accepted_delta INT              NOT NULL DEFAULT 0,
    rejected_delta INT              NOT NULL DEFAULT 0,
    score_before   DOUBLE PRECISION NOT NULL,
    score_after    DOUBLE PRECISION NOT NULL,
    tier_before    TEXT             NOT NULL,
    tier_after     TEXT             NOT NULL,
    occurred_at    TIMESTAMPTZ      NOT NULL,
    recorded_at    TIMESTAMPTZ      NOT NULL
);
CREATE INDEX reputation_change_contributor ON reputation_change (contributor_id, id DESC);
