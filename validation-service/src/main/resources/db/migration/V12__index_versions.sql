-- Validation runs in parallel (several consumers per replica, several replicas). A verdict is decided against the
-- duplicate index as it was read, so its commit locks the datanet's row here and goes ahead only if no other
-- commit changed the datanet's active index since that read; otherwise the upload is judged again. Every change
-- to a datanet's active records bumps its version.
CREATE TABLE datanet_index_version (
    datanet_id TEXT PRIMARY KEY,
    version    BIGINT NOT NULL
);
