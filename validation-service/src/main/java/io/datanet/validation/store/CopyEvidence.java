package io.datanet.validation.store;

import io.datanet.validation.checks.UploadVerdict;
import io.datanet.platform.db.Sql;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** A rejected record that duplicates another contributor's accepted record: one piece of who-copied-whom evidence. */
@Entity
@Table(name = "copy_evidence")
@IdClass(CopyEvidence.Key.class)
public class CopyEvidence extends PanacheEntityBase {
    public record Key(String copierUploadId, int copierRecord) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    @Id
    @Column(name = "copier_upload_id")
    public String copierUploadId;
    @Id
    @Column(name = "copier_record")
    public int copierRecord;
    @Column(name = "datanet_id", nullable = false)
    public String datanetId;
    @Column(name = "copier_id", nullable = false)
    public String copierId;
    @Column(name = "author_id", nullable = false)
    public String authorId;
    @Column(name = "author_upload_id", nullable = false)
    public String authorUploadId;
    @Column(name = "author_record", nullable = false)
    public int authorRecord;
    /** The duplicate reason: {@code duplicate.exact}, {@code duplicate.near} or {@code duplicate.semantic}. */
    @Column(nullable = false)
    public String kind;
    @Column(name = "found_at", nullable = false)
    public Instant foundAt;

    /** The evidence in an upload's rejected records, in the transaction of its report (none: nothing to write). */
    public static Uni<Void> record(Sql transaction, Report report, List<UploadVerdict.RecordResult> rejected) {
        List<Object[]> rows = rejected.stream().filter(r -> r.copyOf() != null).map(r -> of(report, r))
                .map(e -> new Object[] {e.copierUploadId, e.copierRecord, e.datanetId, e.copierId, e.authorId,
                        e.authorUploadId, e.authorRecord, e.kind, e.foundAt})
                .toList();
        return rows.isEmpty() ? Uni.createFrom().voidItem()
                : transaction.executeBatch("INSERT INTO copy_evidence (copier_upload_id, copier_record, datanet_id, "
                        + "copier_id, author_id, author_upload_id, author_record, kind, found_at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", rows).replaceWithVoid();
    }

    private static CopyEvidence of(Report report, UploadVerdict.RecordResult rejected) {
        CopyEvidence e = new CopyEvidence();
        e.copierUploadId = report.uploadId;
        e.copierRecord = rejected.record();
        e.datanetId = report.datanetId;
        e.copierId = report.contributorId;
        e.authorId = rejected.copyOf().contributorId();
        e.authorUploadId = rejected.copyOf().uploadId();
        e.authorRecord = rejected.copyOf().record();
        e.kind = rejected.copyOf().kind();
        e.foundAt = report.validatedAt;
        return e;
    }
}
