package io.datanet.validation.dedup;

import io.datanet.validation.meaning.Vectors;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A record's fingerprints in the duplicate index; active while its upload is ACCEPTED. */
@Entity
@Table(name = "record_fingerprint")
public class RecordFingerprint extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "fingerprints")
    @SequenceGenerator(name = "fingerprints", sequenceName = "record_fingerprint_seq", allocationSize = 50)
    public Long id;
    @Column(name = "datanet_id", nullable = false)
    public String datanetId;
    @Column(name = "upload_id", nullable = false)
    public String uploadId;
    @Column(name = "contributor_id", nullable = false)
    public String contributorId;
    @Column(name = "record_index", nullable = false)
    public int recordIndex;
    @Column(name = "exact_hash", nullable = false)
    public String exactHash;
    @Column(nullable = false)
    public byte[] signature;
    @Column(nullable = false)
    public boolean active;
    /** {@link Skeleton}'s signature; null for a short record or one indexed before V17. */
    public byte[] skeleton;
    /** The sentence embedding, quantised ({@link Vectors#quantised}); null for a record indexed before V17. */
    public byte[] embedding;

    public IndexedRecord toIndexed() {
        return new IndexedRecord(contributorId, uploadId, recordIndex, exactHash, MinHash.fromBytes(signature),
                skeleton == null ? null : MinHash.fromBytes(skeleton),
                embedding == null ? null : Vectors.dequantised(embedding));
    }
}
