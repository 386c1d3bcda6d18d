CREATE TABLE datanet (
    id                   TEXT PRIMARY KEY,
    name                 TEXT             NOT NULL,
    description          TEXT             NOT NULL DEFAULT '',
    owner_id             TEXT             NOT NULL,
    tags                 TEXT             NOT NULL DEFAULT '',
    file_types           TEXT             NOT NULL,
    review_mode          TEXT             NOT NULL CHECK (review_mode IN ('AUTO', 'OWNER')),
    acceptance_threshold DOUBLE PRECISION NOT NULL CHECK (acceptance_threshold BETWEEN 0 AND 1),
    created_at           TIMESTAMPTZ      NOT NULL
);
CREATE INDEX datanet_owner ON datanet (owner_id);
CREATE INDEX datanet_created ON datanet (created_at, id);
