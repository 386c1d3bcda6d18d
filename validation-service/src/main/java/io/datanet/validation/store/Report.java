package io.datanet.validation.store;

import io.datanet.events.DatanetJson;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.db.Sql;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;

/** The validation report of one upload and its current verdict. */
@Entity
@Table(name = "report")
public class Report extends PanacheEntityBase {
    @Id
    @Column(name = "upload_id")
    public String uploadId;
    @Column(name = "datanet_id", nullable = false)
    public String datanetId;
    @Column(name = "contributor_id", nullable = false)
    public String contributorId;
    @Column(name = "file_name", nullable = false)
    public String fileName;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Verdict verdict;
    @Column(name = "verdict_version", nullable = false)
    public int verdictVersion;
    @Enumerated(EnumType.STRING)
    @Column(name = "decided_by", nullable = false)
    public VerdictSource decidedBy;
    @Column(name = "quality_score", nullable = false)
    public double qualityScore;
    @Column(name = "records_total", nullable = false)
    public int recordsTotal;
    @Column(name = "records_accepted", nullable = false)
    public int recordsAccepted;
    /** JSON object: reason code → rejected-record count. */
    @Column(name = "reason_counts", nullable = false)
    public String reasonCounts;
    /** JSON array of {record, reasons}. */
    @Column(name = "rejected_records", nullable = false)
    public String rejectedRecords;
    /** Why the file as a whole could not be read, if it could not. */
    @Column(name = "file_error")
    public String fileError;
    /** NewInformation of the upload as judged; every later verdict version carries the same. */
    @Column(name = "new_information_bytes")
    public Long newInformationBytes;
    /** The uploaded file (null for reports written before V20). */
    @Column(name = "blob_address")
    public String blobAddress;
    /** SHA-256 of the uploaded file (null for reports of before V22 whose file was not content-addressed). */
    public String sha256;
    @Column(name = "cleaned_blob_address")
    public String cleanedBlobAddress;
    @Column(name = "cleaned_sha256")
    public String cleanedSha256;
    @Column(name = "validated_at", nullable = false)
    public Instant validatedAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    /**
     * When its upload was withdrawn or erased; written only by {@link WithdrawalConsumer}'s SQL, never by an entity
     * update, so a review saved at the same moment cannot write it back to null.
     */
    @Column(name = "withdrawn_at", insertable = false, updatable = false)
    public Instant withdrawnAt;

    /** Inserts this new report in a transaction of the SQL client (the judging path; reviews change it as an entity). */
    public Uni<Void> insert(Sql transaction) {
        return transaction.update("INSERT INTO report (upload_id, datanet_id, contributor_id, file_name, verdict, "
                        + "verdict_version, decided_by, quality_score, records_total, records_accepted, reason_counts, "
                        + "rejected_records, file_error, cleaned_blob_address, cleaned_sha256, validated_at, updated_at, "
                        + "new_information_bytes, blob_address, sha256) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
                uploadId, datanetId, contributorId, fileName, verdict, verdictVersion, decidedBy, qualityScore,
                recordsTotal, recordsAccepted, reasonCounts, rejectedRecords, fileError, cleanedBlobAddress,
                cleanedSha256, validatedAt, updatedAt, newInformationBytes, blobAddress, sha256).replaceWithVoid();
    }

    public UploadValidated toEvent(String reviewerId, String comment) {
        Map<String, Integer> counts = DatanetJson.read(reasonCounts, ReportColumns.COUNTS);
        return new UploadValidated(uploadId, datanetId, contributorId, verdictVersion, verdict, decidedBy,
                qualityScore, recordsTotal, recordsAccepted, counts, cleanedBlobAddress, cleanedSha256, reviewerId,
                comment, updatedAt, newInformationBytes, sha256);
    }
}
