-- Datanets change (issue 17): each change of a definition (an edit, archiving) is a new version, announced on the
-- compacted definitions topic; an archived datanet takes no more uploads and keeps its data and history.
-- defined_at is when the current version was made (created_at stays when the datanet was made).
ALTER TABLE datanet ADD COLUMN version INT NOT NULL DEFAULT 1,
                    ADD COLUMN defined_at TIMESTAMPTZ,
                    ADD COLUMN archived_at TIMESTAMPTZ;
UPDATE datanet SET defined_at = created_at;
ALTER TABLE datanet ALTER COLUMN defined_at SET NOT NULL;
