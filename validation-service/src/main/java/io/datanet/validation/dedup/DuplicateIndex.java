package io.datanet.validation.dedup;

import io.datanet.validation.checks.RecordAnalysis;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
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
 * matches, not with the datanet.
 */
@ApplicationScoped
public class DuplicateIndex {

    /** Keeps every IN list well under PostgreSQL's bind-parameter limit. */
    private static final int CHUNK = 5000;

    /** Accepted records of the datanet that share an exact hash or an LSH bucket with one of {@code analyses}. */
    public Uni<List<IndexedRecord>> candidates(String datanetId, List<RecordAnalysis> analyses) {
        Set<String> hashes = new HashSet<>();
        Set<Long> bandKeys = new HashSet<>();
        for (RecordAnalysis analysis : analyses) {
            if (analysis.readable()) {
                hashes.add(analysis.exactHash());
                for (long key : analysis.bandKeys()) {
                    bandKeys.add(key);
                }
            }
        }
        Map<Long, RecordFingerprint> found = new LinkedHashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (List<String> chunk : chunks(new ArrayList<>(hashes))) {
            chain = chain.flatMap(x -> RecordFingerprint.<RecordFingerprint>find(
                            "datanetId = :d and active = true and exactHash in :h",
                            Parameters.with("d", datanetId).and("h", chunk)).list()
                    .invoke(list -> list.forEach(f -> found.put(f.id, f))).replaceWithVoid());
        }
        for (List<Long> chunk : chunks(new ArrayList<>(bandKeys))) {
            chain = chain.flatMap(x -> RecordFingerprint.<RecordFingerprint>find(
                            "datanetId = :d and active = true and id in "
                                    + "(select b.fingerprintId from LshBand b where b.datanetId = :d and b.bandKey in :k)",
                            Parameters.with("d", datanetId).and("k", chunk)).list()
                    .invoke(list -> list.forEach(f -> found.put(f.id, f))).replaceWithVoid());
        }
        return chain.map(x -> found.values().stream().map(RecordFingerprint::toIndexed).toList());
    }

    /** Adds the upload's accepted records to the index, active or not (an owner may still approve them). */
    public Uni<Void> add(String datanetId, String uploadId, String contributorId, List<RecordAnalysis> accepted,
                         boolean active) {
        List<RecordFingerprint> fingerprints = new ArrayList<>();
        for (RecordAnalysis analysis : accepted) {
            RecordFingerprint f = new RecordFingerprint();
            f.datanetId = datanetId;
            f.uploadId = uploadId;
            f.contributorId = contributorId;
            f.recordIndex = analysis.record().index();
            f.exactHash = analysis.exactHash();
            f.signature = MinHash.toBytes(analysis.signature());
            f.active = active;
            fingerprints.add(f);
        }
        return Panache.getSession().flatMap(session -> session.persistAll(fingerprints.toArray())
                .flatMap(x -> session.flush())
                .flatMap(x -> {
                    List<LshBand> bands = new ArrayList<>();
                    for (int i = 0; i < fingerprints.size(); i++) {
                        for (long key : accepted.get(i).bandKeys()) {
                            LshBand band = new LshBand();
                            band.datanetId = datanetId;
                            band.bandKey = key;
                            band.fingerprintId = fingerprints.get(i).id;
                            bands.add(band);
                        }
                    }
                    return session.persistAll(bands.toArray());
                }));
    }

    /** An upload's records count as "already accepted" exactly while its verdict is ACCEPTED. */
    public Uni<Void> setActive(String uploadId, boolean active) {
        return RecordFingerprint.update("active = ?1 where uploadId = ?2", active, uploadId).replaceWithVoid();
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return chunks;
    }
}
