package io.datanet.upload.files;

import io.datanet.events.UploadReceived;
import io.datanet.events.UploadWithdrawn;
import io.datanet.platform.api.PageRequest;
import io.datanet.platform.api.PageResponse;
import io.datanet.upload.datanet.Datanet;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;

/** A contributor's file in a datanet and where its validation stands. */
@Entity
@Table(name = "upload")
public class Upload extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "datanet_id", nullable = false)
    public String datanetId;
    @Column(name = "contributor_id", nullable = false)
    public String contributorId;
    @Column(name = "file_name", nullable = false)
    public String fileName;
    @Column(name = "media_type", nullable = false)
    public String mediaType;
    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;
    @Column(nullable = false)
    public String sha256;
    @Column(name = "blob_address", nullable = false)
    public String blobAddress;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public UploadStatus status;
    /** The verdict version applied so far (0: none yet); older or equal versions are ignored. */
    @Column(name = "verdict_version", nullable = false)
    public int verdictVersion;
    @Column(name = "quality_score")
    public Double qualityScore;
    /** Rejected-record counts per reason code, as JSON. */
    @Column(name = "reason_counts")
    public String reasonCounts;
    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
    @Column(name = "received_day", nullable = false)
    public LocalDate receivedDay;
    @Column(name = "decided_at")
    public Instant decidedAt;
    /** When it was withdrawn (status WITHDRAWN), null while it is in. */
    @Column(name = "withdrawn_at")
    public Instant withdrawnAt;
    @Column(name = "withdrawn_by")
    public String withdrawnBy;
    @Enumerated(EnumType.STRING)
    @Column(name = "withdrawal_reason")
    public UploadWithdrawn.Reason withdrawalReason;

    /** The {@code uploads.received} event, with the rules of the datanet it was uploaded to. */
    public UploadReceived toEvent(Datanet datanet) {
        return new UploadReceived(id, datanetId, contributorId, fileName, mediaType, sizeBytes, sha256, blobAddress,
                receivedAt, datanet.reviewMode, datanet.acceptanceThreshold, datanet.validationThresholds(),
                datanet.description, datanet.tags);
    }

    /** One page of the uploads matching {@code query}, newest first, with how many match in all. */
    public static Uni<PageResponse<UploadView>> newestFirst(String query, Parameters parameters, PageRequest request) {
        var found = Upload.<Upload>find(query, Sort.descending("receivedAt").and("id"), parameters);
        return found.page(request.page(), request.size()).list()
                .flatMap(items -> found.count().map(total -> PageResponse.of(items, request, total, UploadView::of)));
    }
}
