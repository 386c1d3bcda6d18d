-- The paraphrase check (duplicate.semantic): each indexed record's function-word skeleton signature (64 MinHash
-- values; null for a record too short to have one) and its sentence embedding (int8 with a scale). The skeleton's
-- band keys go into lsh_band beside the near-duplicate keys (salted, so they never meet), under the same index
-- version. Records indexed before this migration keep nulls: they are not found as paraphrase originals.
ALTER TABLE record_fingerprint ADD COLUMN skeleton bytea, ADD COLUMN embedding bytea;
