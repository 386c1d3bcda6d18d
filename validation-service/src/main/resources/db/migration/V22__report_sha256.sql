-- The uploaded file's SHA-256, which every verdict event carries (uploads.validated sha256). Reports written before
-- it take theirs from the content address of their file (upload/sha256:<hex>), where they have one.
ALTER TABLE report ADD COLUMN sha256 TEXT;
UPDATE report SET sha256 = substring(blob_address FROM 'sha256:([0-9a-f]{64})$') WHERE blob_address ~ 'sha256:[0-9a-f]{64}$';
