-- The blob sweep (platform BlobSweeper) asks which of the old blobs in the upload namespace an upload references.
CREATE INDEX upload_blob_address ON upload (blob_address);

-- Blobs the sweep removed. An upload that stored a blob looks here, under the blob's lock, before it references it:
-- a row newer than the one it saw before storing means the blob may be gone, and it stores it again.
CREATE TABLE swept_blob (
    seq      BIGSERIAL PRIMARY KEY,
    address  TEXT        NOT NULL,
    swept_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX swept_blob_address ON swept_blob (address, seq);
CREATE INDEX swept_blob_at ON swept_blob (swept_at);
