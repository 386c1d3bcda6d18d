-- The licence a datanet's data is offered under (issue 17: an export's dataset card names it), a Hugging Face
-- licence identifier; 'unknown' for datanets defined before owners could name one.
ALTER TABLE datanet ADD COLUMN license TEXT NOT NULL DEFAULT 'unknown';
