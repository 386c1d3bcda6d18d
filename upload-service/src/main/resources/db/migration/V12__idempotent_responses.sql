-- A retried POST with the same Idempotency-Key gets exactly the first answer (status and body), even after the
-- upload's status moved on; the body is the JSON the first request returned.
ALTER TABLE idempotency_key ADD COLUMN response_status INT;
ALTER TABLE idempotency_key ADD COLUMN response_body TEXT;
UPDATE idempotency_key SET response_status = 202 WHERE response_status IS NULL;
ALTER TABLE idempotency_key ALTER COLUMN response_status SET NOT NULL;
