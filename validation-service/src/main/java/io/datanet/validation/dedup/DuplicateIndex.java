package io.datanet.validation.dedup;

import io.datanet.platform.db.NativeSelect;
import io.datanet.validation.meaning.Vectors;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.LockMode;

/**
 * The datanet's accepted records, for duplicate checks. Lookups go through the exact-hash index and the LSH
 * bucket index, touching only records that share a hash or a bucket with the upload: cost grows with the
 * matches, not with the datanet. Uploads are judged in parallel, so the index is versioned per datanet: read
 * {@link #version} before {@link #candidates}, and commit under {@link #lockUnchanged} with what was found.
 */
@ApplicationScoped
public class DuplicateIndex {

    /** Keeps every IN list well under PostgreSQL's bind-parameter limit. */
    private static final int CHUNK = 5000;

    /**
     * Accepted records of the datanet that share an exact hash or an LSH bucket (of near-duplicate or of
     * {@link Skeleton} keys) with one of {@code analyses}.
     */
    public Uni<List<IndexedRecord>> candidates(String datanetId, List<? extends Fingerprinted> analyses) {
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
        Map<Long, RecordFingerprint> found = new LinkedHashMap<>();
        Set<Long> inBuckets = new HashSet<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (List<String> chunk : chunks(new ArrayList<>(hashes))) {
            chain = chain.flatMap(x -> collect(found, "exactHash in :h and datanetId = :d and active = true",
                    Parameters.with("d", datanetId).and("h", chunk)));
        }
        // Two plain lookups, not one join: each has one sensible plan (key probes, then primary-key probes) that
        // statistics cannot talk PostgreSQL out of (V16__lookup_by_key_first.sql). The keys go as one array
        // parameter: one statement text whatever their number, so PostgreSQL and the driver parse it once.
        if (!bandKeys.isEmpty()) {
            Long[] keys = bandKeys.toArray(Long[]::new);
            chain = chain.flatMap(x -> NativeSelect.rows(
                            "SELECT b.fingerprint_id FROM lsh_band b "
                                    + "WHERE b.band_key = ANY(CAST(?1 AS bigint[])) AND b.datanet_id = ?2",
                            keys, datanetId)
                    .invoke(rows -> rows.forEach(row -> inBuckets.add(((Number) row[0]).longValue())))
                    .replaceWithVoid());
        }
        chain = chain.flatMap(x -> {
            inBuckets.removeAll(found.keySet());
            Uni<Void> byId = Uni.createFrom().voidItem();
            for (List<Long> chunk : chunks(new ArrayList<>(inBuckets))) {
                byId = byId.flatMap(y -> collect(found, "id in :ids and active = true", Parameters.with("ids", chunk)));
            }
            return byId;
        });
        return chain.map(x -> found.values().stream().map(RecordFingerprint::toIndexed).toList());
    }

    /** Adds the fingerprints that {@code query} finds to {@code found}, by id. */
    private static Uni<Void> collect(Map<Long, RecordFingerprint> found, String query, Parameters parameters) {
        return RecordFingerprint.<RecordFingerprint>find(query, parameters).list()
                .invoke(list -> list.forEach(f -> found.put(f.id, f))).replaceWithVoid();
    }

    /** The datanet's index version. Read it before the candidates: a change after it is then always noticed. */
    public Uni<Long> version(String datanetId) {
        return IndexVersion.<IndexVersion>findById(datanetId).map(v -> v == null ? 0L : v.version);
    }

    /**
     * In the committing transaction: locks the datanet's version until commit, and fails with
     * {@link IndexChangedException} if the index changed since {@code seen} was read in a way that matters to this
     * upload: other records now share a hash or bucket with it. Changes elsewhere in the datanet (most of them, when
     * many contributors upload at once) cost one more lookup, not a new judgement.
     */
    public Uni<Void> lockUnchanged(String datanetId, long seen, List<? extends Fingerprinted> analyses,
                                   List<IndexedRecord> seenMatches) {
        return lock(datanetId).flatMap(v -> v.version == seen ? Uni.createFrom().voidItem()
                : candidates(datanetId, analyses).invoke(now -> {
                    if (!keys(now).equals(keys(seenMatches))) {
                        throw new IndexChangedException(datanetId, seen, v.version);
                    }
                }).replaceWithVoid());
    }

    private static Set<String> keys(List<IndexedRecord> records) {
        Set<String> keys = new HashSet<>();
        for (IndexedRecord r : records) {
            keys.add(r.uploadId() + "#" + r.recordIndex());
        }
        return keys;
    }

    /** The datanet's version row, locked until the transaction ends; created first by the datanet's first commit. */
    private Uni<IndexVersion> lock(String datanetId) {
        return Panache.getSession().flatMap(s -> s.find(IndexVersion.class, datanetId, LockMode.PESSIMISTIC_WRITE)
                .flatMap(found -> found != null ? Uni.createFrom().item(found) : s.createNativeMutationQuery(
                                "INSERT INTO datanet_index_version (datanet_id, version) VALUES (?1, 0) "
                                        + "ON CONFLICT DO NOTHING")
                        .setParameter(1, datanetId).executeUpdate()
                        .flatMap(x -> s.find(IndexVersion.class, datanetId, LockMode.PESSIMISTIC_WRITE))));
    }

    private Uni<Void> bump(String datanetId) {
        return lock(datanetId).invoke(v -> v.version++).replaceWithVoid();
    }

    /**
     * Adds the upload's accepted records to the index, active or not (an owner may still approve them): their
     * fingerprints in one statement, then their band rows in another. Row by row (Hibernate Reactive persists
     * entities one statement each), the fingerprints were the statement a judged upload ran most (BENCHMARKS.md,
     * "Statements per upload"). Ids come from the entity's sequence, one value each: sequence values are 50 apart and
     * a Hibernate pool of ids ends at the value it drew, so these never meet ids a pool hands out.
     */
    public Uni<Void> add(String datanetId, String uploadId, String contributorId, List<? extends Fingerprinted> accepted,
                         boolean active) {
        if (accepted.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = accepted.size();
        Integer[] indexes = new Integer[n];
        String[] exactHashes = new String[n];
        String[] signatures = new String[n];
        String[] skeletons = new String[n];
        String[] embeddings = new String[n];
        Map<Integer, Fingerprinted> byIndex = new LinkedHashMap<>();
        // The byte columns travel as hex text arrays, decoded by PostgreSQL: a text[] binds as one parameter.
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < n; i++) {
            Fingerprinted analysis = accepted.get(i);
            indexes[i] = analysis.recordIndex();
            exactHashes[i] = analysis.exactHash();
            signatures[i] = hex.formatHex(MinHash.toBytes(analysis.signature()));
            skeletons[i] = analysis.skeleton() == null ? null : hex.formatHex(MinHash.toBytes(analysis.skeleton()));
            embeddings[i] = analysis.embedding() == null ? null : hex.formatHex(Vectors.quantised(analysis.embedding()));
            byIndex.put(analysis.recordIndex(), analysis);
        }
        Uni<Void> versioned = active ? bump(datanetId) : Uni.createFrom().voidItem();
        // The session's pending changes (the index version above) go first, as an entity insert would have made them.
        return versioned.flatMap(v -> Panache.getSession()).flatMap(session -> session.flush())
                .flatMap(x -> NativeSelect.rows("WITH inserted AS (INSERT INTO record_fingerprint (id, datanet_id, "
                                + "upload_id, contributor_id, record_index, exact_hash, signature, skeleton, embedding, active) "
                                + "SELECT nextval('record_fingerprint_seq'), ?1, ?2, ?3, r, h, decode(s, 'hex'), "
                                + "decode(k, 'hex'), decode(e, 'hex'), ?4 FROM unnest(CAST(?5 AS int[]), CAST(?6 AS text[]), "
                                + "CAST(?7 AS text[]), CAST(?8 AS text[]), CAST(?9 AS text[])) AS t(r, h, s, k, e) "
                                + "RETURNING id, record_index) SELECT id, record_index FROM inserted",
                        datanetId, uploadId, contributorId, active, indexes, exactHashes, signatures, skeletons, embeddings))
                .flatMap(rows -> {
                    List<Long> keys = new ArrayList<>();
                    List<Long> owners = new ArrayList<>();
                    for (Object[] row : rows) {
                        long id = ((Number) row[0]).longValue();
                        for (long key : byIndex.get(((Number) row[1]).intValue()).indexKeys()) {
                            keys.add(key);
                            owners.add(id);
                        }
                    }
                    // One statement for all the upload's band rows (48 per record): row by row, the executor's
                    // per-statement work cost more than the rows themselves (V19__band_rows_in_bulk.sql).
                    return keys.isEmpty() ? Uni.createFrom().voidItem() : Panache.getSession().flatMap(session ->
                            session.createNativeMutationQuery("INSERT INTO lsh_band (datanet_id, band_key, fingerprint_id) "
                                            + "SELECT ?1, k, f FROM unnest(CAST(?2 AS bigint[]), CAST(?3 AS bigint[])) AS t(k, f)")
                                    .setParameter(1, datanetId)
                                    .setParameter(2, keys.toArray(Long[]::new))
                                    .setParameter(3, owners.toArray(Long[]::new))
                                    .executeUpdate()).replaceWithVoid();
                });
    }

    /** An upload's records count as "already accepted" exactly while its verdict is ACCEPTED. */
    public Uni<Void> setActive(String datanetId, String uploadId, boolean active) {
        return RecordFingerprint.update("active = ?1 where uploadId = ?2 and active <> ?1", active, uploadId)
                .flatMap(changed -> changed > 0 ? bump(datanetId) : Uni.createFrom().voidItem());
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return chunks;
    }
}
