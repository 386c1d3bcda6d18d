-- Withdrawn and erased uploads (issue 17), from datanet.uploads.withdrawn.v1. withdrawn_at is set once and kept: an
-- accepted upload's verdict stops counting (its records are gone), a rejection keeps counting (withdrawing is not
-- a way to erase one). A withdrawal read before any verdict leaves a row with no verdict yet (verdict_version 0),
-- which the verdict fills in.
ALTER TABLE upload_verdict ADD COLUMN withdrawn_at TIMESTAMPTZ,
                           ALTER COLUMN verdict DROP NOT NULL,
                           ALTER COLUMN decided_by DROP NOT NULL,
                           DROP CONSTRAINT upload_verdict_verdict_version_check,
                           ADD CONSTRAINT upload_verdict_verdict_version_check CHECK (verdict_version >= 0),
                           ADD CONSTRAINT upload_verdict_decided CHECK ((verdict IS NULL) = (verdict_version = 0));
