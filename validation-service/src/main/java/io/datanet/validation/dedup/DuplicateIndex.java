package io.datanet.validation.dedup;

import io.datanet.platform.db.NativeSelect;
import io.datanet.platform.db.Sql;
import io.datanet.validation.meaning.Vectors;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The datanet's accepted records, for duplicate checks. Lookups go through the exact-hash index and the LSH
 * bucket index, touching only records that share a hash or a bucket with the upload: cost grows with the
 * matches, not with the datanet. Uploads are judged in parallel, so the index is versioned per datanet: read
 * {@link #version} before {@link #candidates}, and commit under {@link #lockUnchanged} with what was found.
 *
 * <p>Judging reads and writes the index with the reactive PostgreSQL client ({@link Sql}): a judged upload ran
 * more statements here than anywhere else in the pipeline (BENCHMARKS.md, "Statements per upload").
 */
@ApplicationScoped
public class DuplicateIndex {

    /** Columns of a fingerprint as {@link #indexed} reads them. */
    private static final String FINGERPRINT = "contributor_id, upload_id, record_index, exact_hash, signature, skeleton, "
            + "embedding";

    /** Makes a datanet's version row (0 if new), raises it by ?2 and locks it until commit; its version before. */
    private static final String LOCK_AND_RAISE = "INSERT INTO datanet_index_version (datanet_id, version) "
            + "VALUES (?1, ?2) ON CONFLICT (datanet_id) DO UPDATE SET version = datanet_index_version.version + ?2 "
            + "RETURNING version - ?2";

    /**
     * Accepted records of the datanet that share an exact hash or an LSH bucket (of near-duplicate or of
     * {@link Skeleton} keys) with one of {@code analyses}.
     */
    public Uni<List<IndexedRecord>> candidates(Sql sql, String datanetId, List<? extends Fingerprinted> analyses) {
        Set<String> hashes = new HashSet<>();
        Set<Long> bandKeys = new HashSet<>();
        for (Fingerprinted analysis : analyses) {
            if (analysis.readable()) {
                hashes.add(analysis.exactHash());
                for (long key : analysis.indexKeys()) {
                    bandKeys.add(key);
                }
            }
        }
        if (hashes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // Two plain lookups, not one join: each has one sensible plan (key probes, then primary-key probes) that
        // statistics cannot talk PostgreSQL out of (V16__lookup_by_key_first.sql). Keys go as one array parameter:
        // one statement text whatever their number, prepared once per connection.
        Uni<List<Long>> inBuckets = bandKeys.isEmpty() ? Uni.createFrom().item(List.of())
                : sql.rows("SELECT fingerprint_id FROM lsh_band WHERE band_key = ANY(?1) AND datanet_id = ?2",
                        bandKeys.toArray(Long[]::new), datanetId)
                        .map(rows -> rows.stream().map(row -> ((Number) row[0]).longValue()).distinct().toList());
        return inBuckets.chain(ids -> sql.rows("SELECT id, " + FINGERPRINT + " FROM record_fingerprint "
                                + "WHERE active AND ((datanet_id = ?1 AND exact_hash = ANY(?2)) OR id = ANY(?3))",
                        datanetId, hashes.toArray(String[]::new), ids.toArray(Long[]::new)))
                .map(rows -> {
                    // By id: a record found by its hash and by a bucket is one candidate.
                    Map<Long, IndexedRecord> found = new LinkedHashMap<>();
                    for (Object[] row : rows) {
                        found.put(((Number) row[0]).longValue(), indexed(row));
                    }
                    return List.copyOf(found.values());
                });
    }

    private static IndexedRecord indexed(Object[] row) {
        return new IndexedRecord((String) row[1], (String) row[2], ((Number) row[3]).intValue(), (String) row[4],
                MinHash.fromBytes((byte[]) row[5]), row[6] == null ? null : MinHash.fromBytes((byte[]) row[6]),
                row[7] == null ? null : Vectors.dequantised((byte[]) row[7]));
    }

    /** The datanet's index version. Read it before the candidates: a change after it is then always noticed. */
    public Uni<Long> version(Sql sql, String datanetId) {
        return sql.first("SELECT version FROM datanet_index_version WHERE datanet_id = ?1", datanetId)
                .map(row -> row == null ? 0L : ((Number) row[0]).longValue());
    }

    /**
     * In the committing transaction: locks the datanet's version until commit (raising it if {@code changes}: the
     * transaction adds active records), and fails with {@link IndexChangedException} if the index changed since
     * {@code seen} was read in a way that matters to this upload: other records now share a hash or bucket with it.
     * Changes elsewhere in the datanet (most of them, when many contributors upload at once) cost one more lookup,
     * not a new judgement.
     */
    public Uni<Void> lockUnchanged(Sql sql, String datanetId, long seen, List<? extends Fingerprinted> analyses,
                                   List<IndexedRecord> seenMatches, boolean changes) {
        return sql.first(LOCK_AND_RAISE, datanetId, changes ? 1L : 0L)
                .map(row -> ((Number) row[0]).longValue())
                .chain(before -> before == seen ? Uni.createFrom().voidItem()
                        : candidates(sql, datanetId, analyses).invoke(now -> {
                            if (!keys(now).equals(keys(seenMatches))) {
                                throw new IndexChangedException(datanetId, seen, before);
                            }
                        }).replaceWithVoid());
    }

    /**
     * Locks the datanet's index for a change that is not a judgement (a withdrawal), raising its version: a judge
     * committing at the same moment waits for it, and one that read the index before sees it changed.
     */
    public Uni<Void> lockForChange(Sql sql, String datanetId) {
        return sql.first(LOCK_AND_RAISE, datanetId, 1L).replaceWithVoid();
    }

    /**
     * Takes an upload's records out of the index for good (a withdrawal, under {@link #lockForChange}): their band
     * rows, found by the keys their stored signatures give (so through the key index, not a scan), then their
     * fingerprints. Returns how many records left.
     */
    public Uni<Integer> remove(Sql sql, String datanetId, String uploadId) {
        return sql.rows("SELECT id, signature, skeleton FROM record_fingerprint WHERE upload_id = ?1", uploadId)
                .chain(rows -> {
                    List<Long> keys = new ArrayList<>();
                    List<Long> owners = new ArrayList<>();
                    for (Object[] row : rows) {
                        long id = ((Number) row[0]).longValue();
                        long[] near = MinHash.bandKeys(MinHash.fromBytes((byte[]) row[1]));
                        long[] paraphrase = Skeleton.bandKeys(row[2] == null ? null : MinHash.fromBytes((byte[]) row[2]));
                        for (long[] some : List.of(near, paraphrase)) {
                            for (long key : some) {
                                keys.add(key);
                                owners.add(id);
                            }
                        }
                    }
                    Uni<Integer> bands = keys.isEmpty() ? Uni.createFrom().item(0)
                            : sql.update("DELETE FROM lsh_band b USING unnest(?2::bigint[], ?3::bigint[]) AS t(k, f) "
                                    + "WHERE b.datanet_id = ?1 AND b.band_key = t.k AND b.fingerprint_id = t.f",
                                    datanetId, keys, owners);
                    return bands.chain(() -> sql.update("DELETE FROM record_fingerprint WHERE upload_id = ?1", uploadId));
                });
    }

    private static Set<String> keys(List<IndexedRecord> records) {
        Set<String> keys = new HashSet<>();
        for (IndexedRecord r : records) {
            keys.add(r.uploadId() + "#" + r.recordIndex());
        }
        return keys;
    }

    /**
     * Adds the upload's accepted records to the index, active or not (an owner may still approve them), under the
     * version lock {@link #lockUnchanged} took (and raised, for active records): their fingerprints in one
     * statement, then their band rows (48 per record) in another. Ids come from the fingerprints' sequence, one value
     * each.
     */
    public Uni<Void> add(Sql sql, String datanetId, String uploadId, String contributorId,
                         List<? extends Fingerprinted> accepted, boolean active) {
        if (accepted.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = accepted.size();
        Integer[] indexes = new Integer[n];
        String[] exactHashes = new String[n];
        byte[][] signatures = new byte[n][];
        byte[][] skeletons = new byte[n][];
        byte[][] embeddings = new byte[n][];
        Map<Integer, Fingerprinted> byIndex = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Fingerprinted analysis = accepted.get(i);
            indexes[i] = analysis.recordIndex();
            exactHashes[i] = analysis.exactHash();
            signatures[i] = MinHash.toBytes(analysis.signature());
            skeletons[i] = analysis.skeleton() == null ? null : MinHash.toBytes(analysis.skeleton());
            embeddings[i] = analysis.embedding() == null ? null : Vectors.quantised(analysis.embedding());
            byIndex.put(analysis.recordIndex(), analysis);
        }
        return sql.rows("INSERT INTO record_fingerprint (id, datanet_id, upload_id, contributor_id, record_index, "
                                + "exact_hash, signature, skeleton, embedding, active) "
                                + "SELECT nextval('record_fingerprint_seq'), ?1, ?2, ?3, r, h, s, k, e, ?4 "
                                + "FROM unnest(?5::int[], ?6::text[], ?7::bytea[], ?8::bytea[], ?9::bytea[]) AS t(r, h, s, k, e) "
                                + "RETURNING id, record_index",
                        datanetId, uploadId, contributorId, active, indexes, exactHashes, signatures, skeletons, embeddings)
                .chain(rows -> {
                    List<Long> keys = new ArrayList<>();
                    List<Long> owners = new ArrayList<>();
                    for (Object[] row : rows) {
                        long id = ((Number) row[0]).longValue();
                        for (long key : byIndex.get(((Number) row[1]).intValue()).indexKeys()) {
                            keys.add(key);
                            owners.add(id);
                        }
                    }
                    // One statement for all the band rows: row by row, the executor's per-statement work cost more
                    // than the rows themselves (V19__band_rows_in_bulk.sql).
                    return keys.isEmpty() ? Uni.createFrom().voidItem()
                            : sql.update("INSERT INTO lsh_band (datanet_id, band_key, fingerprint_id) "
                                            + "SELECT ?1, k, f FROM unnest(?2::bigint[], ?3::bigint[]) AS t(k, f)",
                                    datanetId, keys, owners).replaceWithVoid();
                });
    }

    /**
     * An upload's records count as "already accepted" exactly while its verdict is ACCEPTED. In the current
     * Hibernate Reactive transaction (a review's); raises the datanet's version if any record changed.
     */
    public Uni<Void> setActive(String datanetId, String uploadId, boolean active) {
        return RecordFingerprint.update("active = ?1 where uploadId = ?2 and active <> ?1", active, uploadId)
                .flatMap(changed -> changed == 0 ? Uni.createFrom().voidItem()
                        : NativeSelect.rows("WITH raised AS (" + LOCK_AND_RAISE + ") SELECT 1 FROM raised", datanetId, 1L)
                        .replaceWithVoid());
    }
}
