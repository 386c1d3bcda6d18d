-- Every checkpoint a job saved, in step order, as a JSON array of {"step": n, "address": "sha256:..."}: TracIn
-- attribution sums over all of them, and a resumed run must still see the ones its predecessor saved.
ALTER TABLE training_job ADD COLUMN checkpoints TEXT NOT NULL DEFAULT '[]';
