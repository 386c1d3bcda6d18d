-- Withdrawal (issue 17): a contributor takes an upload back, or an operator erases a contributor's data on request.
-- The row stays (it still counts against that day's quotas, and the same content stays refused with 409, so
-- withdrawing buys no second try); its status becomes WITHDRAWN for good and upload.withdrawn announces it.
ALTER TABLE upload DROP CONSTRAINT upload_status_check;
ALTER TABLE upload ADD CONSTRAINT upload_status_check
    CHECK (status IN ('RECEIVED', 'PENDING_REVIEW', 'ACCEPTED', 'REJECTED', 'WITHDRAWN'));
ALTER TABLE upload ADD COLUMN withdrawn_at TIMESTAMPTZ,
                   ADD COLUMN withdrawn_by TEXT,
                   ADD COLUMN withdrawal_reason TEXT CHECK (withdrawal_reason IN ('WITHDRAWN', 'ERASED'));

-- Who erased whose data, when and on which request: the audit line of every erasure.
CREATE TABLE erasure (
    id             TEXT PRIMARY KEY,
    contributor_id TEXT        NOT NULL,
    requested_by   TEXT        NOT NULL,
    reference      TEXT        NOT NULL,
    uploads        INT         NOT NULL CHECK (uploads >= 0),
    erased_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX erasure_contributor ON erasure (contributor_id, erased_at);
