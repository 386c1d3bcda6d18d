-- Evidence is what an upload said, not one per file (score/Evidence): each counted verdict keeps the units of
-- evidence it contributed, so an override subtracts exactly that. Verdicts counted before the measure were one unit.
ALTER TABLE upload_verdict ADD COLUMN evidence DOUBLE PRECISION NOT NULL DEFAULT 1 CHECK (evidence >= 0);
