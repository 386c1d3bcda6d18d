-- The uploaded file a report judged, so the people who decide on an upload can read its records
-- (GET /api/reports/{uploadId}/records). Reports written before this have none; their records are not shown.
ALTER TABLE report ADD COLUMN blob_address TEXT;
