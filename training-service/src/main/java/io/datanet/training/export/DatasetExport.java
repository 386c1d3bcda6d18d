package io.datanet.training.export;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One export of a datanet's accepted data: the snapshot it holds, who asked, and its dataset card as written. */
@Entity
@Table(name = "dataset_export")
public class DatasetExport extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "datanet_id", nullable = false)
    public String datanetId;
    @Column(name = "snapshot_digest", nullable = false)
    public String snapshotDigest;
    @Column(name = "requested_by", nullable = false)
    public String requestedBy;
    @Column(nullable = false)
    public long records;
    /** The {@code README.md} of the export. */
    @Column(nullable = false)
    public String card;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
