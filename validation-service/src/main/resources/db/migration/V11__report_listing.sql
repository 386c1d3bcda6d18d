-- GET /api/reports: recent reports newest first, all of them or of one verdict (PENDING_REVIEW is the reviewers'
-- queue) or of one datanet, read from an index in order instead of sorting every report.
CREATE INDEX report_validated ON report (validated_at DESC, upload_id);
CREATE INDEX report_verdict_validated ON report (verdict, validated_at DESC, upload_id);
CREATE INDEX report_datanet_validated ON report (datanet_id, validated_at DESC, upload_id);
-- report_datanet (datanet_id) is a prefix of the last one, which serves every lookup it served.
DROP INDEX report_datanet;
