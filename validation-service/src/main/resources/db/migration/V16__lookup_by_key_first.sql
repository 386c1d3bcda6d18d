-- Duplicate lookups lead with the hash, not the datanet. With the datanet first, a datanet younger than the table's
-- statistics is estimated at one row, and PostgreSQL read all of its rows and tested each against the upload's
-- hundreds of keys: per upload, time grew with the datanet (measured: 0.1 s at 80 records, seconds at a few
-- hundred, under load). A 64-bit band key or a SHA-256 is selective on its own, so each key is one index probe
-- whatever the statistics say, and the table's id comes with the key (an index-only scan).
CREATE INDEX lsh_band_key ON lsh_band (band_key, datanet_id) INCLUDE (fingerprint_id);
DROP INDEX lsh_band_lookup;
CREATE INDEX record_fingerprint_hash ON record_fingerprint (exact_hash, datanet_id) WHERE active;
DROP INDEX record_fingerprint_exact;
