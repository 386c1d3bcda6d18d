-- Band rows are written in one statement per upload (DuplicateIndex.add), and each row carries only what a lookup
-- reads. With the paraphrase keys a record has 48 band rows, and each row cost a sequence-numbered primary key, a
-- foreign-key check against record_fingerprint (a locking lookup per row) and an executor round per row: validation's
-- database spent 17 ms of CPU per upload (BENCHMARKS.md, Pipeline, 2026-12-04 04:10 UTC). A band row is never read or
-- changed by itself: it is found by its key (lsh_band_key) and removed only with its fingerprint, so it needs
-- neither an id nor the foreign key. Whoever deletes fingerprints deletes their band rows in the same transaction.
ALTER TABLE lsh_band DROP CONSTRAINT lsh_band_fingerprint_id_fkey;
ALTER TABLE lsh_band DROP COLUMN id;
DROP SEQUENCE lsh_band_seq;
