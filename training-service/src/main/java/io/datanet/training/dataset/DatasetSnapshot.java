package io.datanet.training.dataset;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An immutable list of uploads a job trains on; its digest names it. See {@link SnapshotManifest}. */
@Entity
@Table(name = "dataset_snapshot")
public class DatasetSnapshot extends PanacheEntityBase {

    @Id
    public String digest;
    @Column(name = "datanet_id", nullable = false)
    public String datanetId;
    @Column(name = "upload_count", nullable = false)
    public int uploadCount;
    @Column(name = "record_count", nullable = false)
    public int recordCount;
    @Column(name = "validation_fraction", nullable = false)
    public double validationFraction;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
