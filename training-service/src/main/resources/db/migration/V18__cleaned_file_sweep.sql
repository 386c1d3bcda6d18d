-- Cleaned files are deleted once nothing here needs them (issue 17: a withdrawn upload's records do not outlive it).
-- validation-service writes them into the blob namespace "cleaned"; this service, their only reader, sweeps it
-- (io.datanet.training.dataset.CleanedFileSweep): a file goes when no upload still in names it and no queued or
-- running job's snapshot does. What the sweep removed, for platform's BlobSweeper.
CREATE TABLE swept_blob (
    seq      BIGSERIAL PRIMARY KEY,
    address  TEXT        NOT NULL,
    swept_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX swept_blob_address ON swept_blob (address, seq);
CREATE INDEX swept_blob_at ON swept_blob (swept_at);

-- The sweep asks which of a page of addresses are still named.
CREATE INDEX dataset_upload_cleaned ON dataset_upload (cleaned_blob_address) WHERE withdrawn_at IS NULL;
CREATE INDEX snapshot_upload_cleaned ON snapshot_upload (cleaned_blob_address);
