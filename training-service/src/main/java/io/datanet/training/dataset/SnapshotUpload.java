package io.datanet.training.dataset;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** One upload of a snapshot, with the content hash of its cleaned file at snapshot time. */
@Entity
@Table(name = "snapshot_upload")
@IdClass(SnapshotUpload.Key.class)
public class SnapshotUpload extends PanacheEntityBase {

    @Id
    @Column(name = "snapshot_digest")
    public String snapshotDigest;
    @Id
    @Column(name = "upload_id")
    public String uploadId;
    @Column(name = "contributor_id", nullable = false)
    public String contributorId;
    @Column(name = "cleaned_blob_address", nullable = false)
    public String cleanedBlobAddress;
    @Column(name = "cleaned_sha256", nullable = false)
    public String cleanedSha256;
    @Column(nullable = false)
    public int records;

    public SnapshotManifest.Entry toEntry() {
        return new SnapshotManifest.Entry(uploadId, contributorId, cleanedBlobAddress, cleanedSha256, records);
    }

    public static class Key implements Serializable {
        public String snapshotDigest;
        public String uploadId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(snapshotDigest, k.snapshotDigest) && Objects.equals(uploadId, k.uploadId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(snapshotDigest, uploadId);
        }
    }
}
