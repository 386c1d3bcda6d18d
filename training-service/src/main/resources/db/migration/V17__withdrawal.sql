-- Withdrawn and erased uploads (issue 17) leave the dataset for good: withdrawn_at is set by upload.withdrawn and
-- never cleared, and a row with it is never active, whatever verdict arrives before or after. A withdrawal read
-- before any verdict leaves a row with no verdict yet (verdict_version 0), which the verdict then fills in.
ALTER TABLE dataset_upload ADD COLUMN withdrawn_at TIMESTAMPTZ,
                           ALTER COLUMN verdict DROP NOT NULL;
ALTER TABLE dataset_upload ADD CONSTRAINT dataset_upload_withdrawn_inactive CHECK (withdrawn_at IS NULL OR NOT active);
