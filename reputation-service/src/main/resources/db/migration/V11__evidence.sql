-- Evidence is what an upload said, not one per file (score/Evidence). Each counted verdict keeps the new
-- information it was measured with (null for verdicts from before the measure: one unit each), so an override
-- subtracts exactly what it added; each scope also sums the new information of its accepted uploads, in bytes.
ALTER TABLE upload_verdict ADD COLUMN new_information_bytes BIGINT CHECK (new_information_bytes >= 0);
ALTER TABLE reputation ADD COLUMN information_accepted BIGINT NOT NULL DEFAULT 0;
