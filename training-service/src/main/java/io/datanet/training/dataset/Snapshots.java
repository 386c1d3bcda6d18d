package io.datanet.training.dataset;

import io.datanet.training.JobSettings;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Freezes a datanet's current dataset into an immutable snapshot (or finds the identical one already made). */
@ApplicationScoped
public class Snapshots {

    @Inject
    JobSettings settings;

    /** The snapshot of the datanet's active uploads now; null when it has none. */
    public Uni<DatasetSnapshot> current(String datanetId) {
        return DatasetUpload.<DatasetUpload>list("datanetId = ?1 and active = true order by uploadId", datanetId)
                .flatMap(uploads -> {
                    if (uploads.isEmpty()) {
                        return Uni.createFrom().nullItem();
                    }
                    SnapshotManifest manifest = new SnapshotManifest(datanetId, settings.validationFraction(), uploads.stream()
                            .map(u -> new SnapshotManifest.Entry(u.uploadId, u.contributorId, u.cleanedBlobAddress,
                                    u.cleanedSha256, u.recordsAccepted)).toList());
                    String digest = manifest.digest();
                    return DatasetSnapshot.<DatasetSnapshot>findById(digest).flatMap(existing -> existing != null
                            ? Uni.createFrom().item(existing) : save(manifest, digest));
                });
    }

    private Uni<DatasetSnapshot> save(SnapshotManifest manifest, String digest) {
        DatasetSnapshot snapshot = new DatasetSnapshot();
        snapshot.digest = digest;
        snapshot.datanetId = manifest.datanetId();
        snapshot.uploadCount = manifest.uploads().size();
        snapshot.recordCount = manifest.recordCount();
        snapshot.validationFraction = manifest.validationFraction();
        snapshot.createdAt = Instant.now();
        List<SnapshotUpload> rows = manifest.uploads().stream().map(e -> {
            SnapshotUpload row = new SnapshotUpload();
            row.snapshotDigest = digest;
            row.uploadId = e.uploadId();
            row.contributorId = e.contributorId();
            row.cleanedBlobAddress = e.blobAddress();
            row.cleanedSha256 = e.sha256();
            row.records = e.records();
            return row;
        }).toList();
        // The snapshot row first: its uploads reference it.
        return snapshot.persist().chain(() -> Panache.getSession()).chain(s -> s.flush())
                .chain(() -> SnapshotUpload.persist(rows)).replaceWith(snapshot);
    }

    /**
     * How many of the snapshot's uploads their contributors withdrew (or an operator erased) since it was made: its
     * records may no longer be given out (a job already training on it finishes).
     */
    public Uni<Long> withdrawnUploads(String digest) {
        return withdrawnUploads(List.of(digest)).map(counts -> counts.getOrDefault(digest, 0L));
    }

    /** {@link #withdrawnUploads(String)} of several snapshots in one query; a snapshot with none is absent. */
    public Uni<Map<String, Long>> withdrawnUploads(Collection<String> digests) {
        if (digests.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(session -> session.createSelectionQuery("select s.snapshotDigest, count(*) "
                        + "from SnapshotUpload s where s.snapshotDigest in (:digests) and s.uploadId in "
                        + "(select d.uploadId from DatasetUpload d where d.withdrawnAt is not null) "
                        + "group by s.snapshotDigest", Object[].class)
                .setParameter("digests", digests).getResultList())
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    for (Object[] row : rows) {
                        counts.put((String) row[0], ((Number) row[1]).longValue());
                    }
                    return counts;
                });
    }

    /** The manifest of a stored snapshot, for the worker that trains on it. */
    public Uni<SnapshotManifest> manifest(String digest) {
        return DatasetSnapshot.<DatasetSnapshot>findById(digest).flatMap(snapshot -> SnapshotUpload
                .<SnapshotUpload>list("snapshotDigest", digest)
                .map(rows -> new SnapshotManifest(snapshot.datanetId, snapshot.validationFraction,
                        rows.stream().map(SnapshotUpload::toEntry).toList())));
    }
}
