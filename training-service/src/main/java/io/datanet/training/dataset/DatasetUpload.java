package io.datanet.training.dataset;

import io.datanet.events.Verdict;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The latest verdict on an upload, and so whether its cleaned records are part of the datanet's dataset. */
@Entity
@Table(name = "dataset_upload")
public class DatasetUpload extends PanacheEntityBase {

    @Id
    @Column(name = "upload_id")
    public String uploadId;
    @Column(name = "datanet_id", nullable = false)
    public String datanetId;
    @Column(name = "contributor_id", nullable = false)
    public String contributorId;
    @Column(name = "verdict_version", nullable = false)
    public int verdictVersion;
    /** Null while only a withdrawal is known of it. */
    @Enumerated(EnumType.STRING)
    public Verdict verdict;
    @Column(name = "records_accepted", nullable = false)
    public int recordsAccepted;
    @Column(name = "cleaned_blob_address")
    public String cleanedBlobAddress;
    @Column(name = "cleaned_sha256")
    public String cleanedSha256;
    /** ACCEPTED with a cleaned file holding at least one record, and not withdrawn: part of the dataset. */
    @Column(nullable = false)
    public boolean active;
    @Column(name = "validated_at")
    public Instant validatedAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    /** When its contributor withdrew it or it was erased: out of the dataset for good. */
    @Column(name = "withdrawn_at")
    public Instant withdrawnAt;
}
