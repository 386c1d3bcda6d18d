-- GET /api/datanets/{id}/uploads: a datanet's uploads newest first, all of them or those of one status (the owner's
-- review queue is status = PENDING_REVIEW), read from an index in order instead of sorting the datanet's uploads.
CREATE INDEX upload_datanet_received ON upload (datanet_id, received_at DESC, id);
CREATE INDEX upload_datanet_status_received ON upload (datanet_id, status, received_at DESC, id);
