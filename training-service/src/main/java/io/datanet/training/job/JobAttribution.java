package io.datanet.training.job;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A succeeded job's attribution, kept so a payout can be audited; what {@code attribution.computed} carried. */
@Entity
@Table(name = "attribution")
public class JobAttribution extends PanacheEntityBase {

    @Id
    @Column(name = "job_id")
    public String jobId;
    @Column(name = "datanet_id", nullable = false)
    public String datanetId;
    @Column(name = "snapshot_digest", nullable = false)
    public String snapshotDigest;
    @Column(name = "adapter_digest", nullable = false)
    public String adapterDigest;
    @Column(nullable = false)
    public String method;
    /** The contributors' {@code {contributorId, influence, share}} as a JSON array. */
    @Column(nullable = false)
    public String contributors;
    /** The per-example influences and the method's inputs, as JSON in the blob store. */
    @Column(name = "examples_address")
    public String examplesAddress;
    @Column(name = "computed_at", nullable = false)
    public Instant computedAt;
}
