-- Reputation counts what an upload says, not how many files it came in (NewInformation): each report keeps the
-- bytes of new information measured when it was judged, carried by every verdict version of it, and each
-- contributor's most recent passing text in a datanet is the context the next upload is measured after.
ALTER TABLE report ADD COLUMN new_information_bytes BIGINT;

CREATE TABLE prior_text (
    datanet_id     TEXT NOT NULL,
    contributor_id TEXT NOT NULL,
    tail           BYTEA NOT NULL,
    PRIMARY KEY (datanet_id, contributor_id)
);
