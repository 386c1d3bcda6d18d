package io.datanet.upload.files;

import io.datanet.upload.files.UploadView;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.platform.blob.BlobSweeper;
import io.datanet.platform.blob.ContentDigest;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.platform.db.Database;
import io.datanet.platform.db.Sql;
import io.datanet.platform.outbox.Outbox;
import io.datanet.platform.problem.ProblemException;
import io.datanet.upload.datanet.Datanet;
import io.datanet.upload.quota.QuotaLedger;
import io.datanet.upload.quota.QuotaPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Judges an upload by its content's digest before anything is stored ({@link #admit}), then records the stored file
 * ({@link #record}), with the reactive PostgreSQL client: an upload's statements, not Hibernate Reactive's. Recording runs in one transaction under the contributor's, the datanet's and the blob's locks:
 * the idempotency check, the duplicate check, the quota check, the upload row and its {@code uploads.received}
 * event in the outbox, and the answer kept for the request's Idempotency-Key. Either all of it commits or none of
 * it does.
 */
@ApplicationScoped
public class UploadService {

    @Inject
    QuotaLedger ledger;
    @Inject
    Database database;
    @Inject
    Outbox outbox;
    @Inject
    ObjectMapper json;

    /**
     * Where uploads' bytes go: upload-service's own namespace of the blob store, which its {@code UploadBlobSweep}
     * sweeps against the upload table (older uploads keep their addresses in the shared area).
     */
    public static final String BLOB_NAMESPACE = "upload";

    /** The HTTP answer to an upload: always the one of the first request with the same Idempotency-Key. */
    public record Recorded(String uploadId, int status, String body, boolean created) {
    }

    /** A request judged before its bytes are stored: the first answer to replay, or else the go-ahead. */
    public record Admission(Recorded replay, long latestSweep) {
    }

    /**
     * The blob was swept after this request stored it (see {@link io.datanet.platform.blob.BlobSweeper}): store it
     * again and record it with {@link #latestSweep} as what was seen before storing.
     */
    public static final class BlobSwept extends RuntimeException {
        private final long latestSweep;

        BlobSwept(long latestSweep) {
            super("blob swept while the upload was being recorded", null, false, false);
            this.latestSweep = latestSweep;
        }

        public long latestSweep() {
            return latestSweep;
        }
    }

    /**
     * Fails fast, before the file is even read, when the contributor or the datanet is already over a limit for a file
     * of {@code size} bytes. Advisory only (no lock): {@link #admit} and {@link #record} check again. A request whose
     * Idempotency-Key was already used skips it, since it replays the first answer whatever the quota is now.
     */
    public Uni<Void> precheck(Datanet datanet, String contributorId, long size, String idempotencyKey) {
        Sql sql = database.pool();
        Uni<Boolean> known = idempotencyKey == null ? Uni.createFrom().item(false)
                : sql.first("SELECT 1 FROM idempotency_key WHERE contributor_id = ?1 AND idempotency_key = ?2",
                        contributorId, idempotencyKey).map(row -> row != null);
        return known.flatMap(replay -> replay ? Uni.createFrom().voidItem()
                : enforceQuota(sql, contributorId, datanet.id, size, Instant.now()));
    }

    /**
     * Judges the request by the digest of its content before a byte of it is stored, so a refusal leaves nothing in
     * the blob store: the answer kept for its Idempotency-Key is replayed (422 if the key was used for other
     * content), 409 for content this contributor already uploaded here, 429 over a limit. Without locks: {@link
     * #record} checks it all again under them, and a request refused only there (a race with the same
     * contributor's other request) leaves its blob to the sweep. Also reads the newest sweep of the blob's address.
     */
    public Uni<Admission> admit(Datanet datanet, String contributorId, ContentDigest content, String idempotencyKey) {
        String address = StoredBlob.addressOf(BLOB_NAMESPACE, content.sha256());
        String requestDigest = datanet.id + ":" + content.sha256();
        Sql sql = database.pool();
        return idempotentReplay(sql, contributorId, idempotencyKey, requestDigest)
                .flatMap(replay -> replay != null
                        ? Uni.createFrom().item(new Admission(replay, 0))
                        : rejectDuplicate(sql, contributorId, datanet.id, content.sha256())
                                .flatMap(x -> enforceQuota(sql, contributorId, datanet.id, content.sizeBytes(), Instant.now()))
                                .flatMap(x -> latestSweep(sql, address))
                                .map(latest -> new Admission(null, latest)));
    }

    /**
     * Records {@code blob}, stored after {@link #admit} saw {@code sweptBefore} as the newest sweep of its address.
     * Under the blob's lock a newer sweep means the blob may have been removed after it was stored: {@link BlobSwept}.
     */
    public Uni<Recorded> record(Datanet datanet, String contributorId, String fileName, String mediaType,
                                StoredBlob blob, String idempotencyKey, long sweptBefore) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String requestDigest = datanet.id + ":" + blob.sha256();
        return database.inTransaction(sql -> ledger.lock(sql, contributorId, datanet.id)
                .flatMap(locked -> refuseIfArchived(sql, datanet.id))
                .flatMap(open -> sql.lock(BlobSweeper.BLOB_LOCKS, blob.address()))
                .flatMap(locked -> latestSweep(sql, blob.address()))
                .flatMap(latest -> {
                    if (latest > sweptBefore) {
                        throw new BlobSwept(latest);
                    }
                    return idempotentReplay(sql, contributorId, idempotencyKey, requestDigest);
                })
                .flatMap(replay -> replay != null
                        ? Uni.createFrom().item(replay)
                        : rejectDuplicate(sql, contributorId, datanet.id, blob.sha256())
                                .flatMap(x -> enforceQuota(sql, contributorId, datanet.id, blob.sizeBytes(), now))
                                .flatMap(x -> insert(sql, datanet, contributorId, fileName, mediaType, blob, now))
                                .flatMap(upload -> remember(sql, contributorId, idempotencyKey, requestDigest, upload))));
    }

    /** 409 {@code datanet-archived}: an archived datanet takes no uploads. */
    public static ProblemException archived(String datanetId) {
        return ProblemException.conflict("datanet-archived", "datanet " + datanetId + " is archived and takes no uploads");
    }

    /** Under the datanet's lock, which archiving takes too: the upload request may have read it before it was archived. */
    private static Uni<Void> refuseIfArchived(Sql sql, String datanetId) {
        return sql.first("SELECT archived_at IS NOT NULL FROM datanet WHERE id = ?1", datanetId).map(row -> {
            if (row != null && Boolean.TRUE.equals(row[0])) {
                throw archived(datanetId);
            }
            return null;
        });
    }

    private static Uni<Long> latestSweep(Sql sql, String address) {
        return sql.first(BlobSweeper.LATEST_SWEEP, address).map(row -> ((Number) row[0]).longValue());
    }

    private Uni<Recorded> idempotentReplay(Sql sql, String contributorId, String key, String requestDigest) {
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return sql.first("SELECT upload_id, request_digest, response_status, response_body FROM idempotency_key "
                        + "WHERE contributor_id = ?1 AND idempotency_key = ?2", contributorId, key)
                .flatMap(row -> {
                    if (row == null) {
                        return Uni.createFrom().nullItem();
                    }
                    String uploadId = (String) row[0];
                    if (!requestDigest.equals(row[1])) {
                        throw ProblemException.unprocessable("Idempotency-Key '" + key
                                + "' was already used for a different request").with("uploadId", uploadId);
                    }
                    int status = ((Number) row[2]).intValue();
                    if (row[3] != null) {
                        return Uni.createFrom().item(new Recorded(uploadId, status, (String) row[3], false));
                    }
                    // Kept before answers were stored (V12): the upload as it is now.
                    return sql.first("SELECT id, datanet_id, contributor_id, file_name, media_type, size_bytes, sha256, "
                                    + "status, quality_score, reason_counts, received_at, decided_at FROM upload WHERE id = ?1",
                            uploadId).map(upload -> new Recorded(uploadId, status, toJson(viewOf(upload)), false));
                });
    }

    private static UploadView viewOf(Object[] row) {
        Upload upload = new Upload();
        upload.id = (String) row[0];
        upload.datanetId = (String) row[1];
        upload.contributorId = (String) row[2];
        upload.fileName = (String) row[3];
        upload.mediaType = (String) row[4];
        upload.sizeBytes = ((Number) row[5]).longValue();
        upload.sha256 = (String) row[6];
        upload.status = UploadStatus.valueOf((String) row[7]);
        upload.qualityScore = row[8] == null ? null : ((Number) row[8]).doubleValue();
        upload.reasonCounts = (String) row[9];
        upload.receivedAt = ((java.time.OffsetDateTime) row[10]).toInstant();
        upload.decidedAt = row[11] == null ? null : ((java.time.OffsetDateTime) row[11]).toInstant();
        return UploadView.of(upload);
    }

    private static Uni<Void> rejectDuplicate(Sql sql, String contributorId, String datanetId, String sha256) {
        return sql.first("SELECT id FROM upload WHERE contributor_id = ?1 AND datanet_id = ?2 AND sha256 = ?3 LIMIT 1",
                        contributorId, datanetId, sha256)
                .map(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("duplicate-upload",
                                "you already uploaded this content to this datanet as upload " + existing[0])
                                .with("existingUploadId", existing[0]);
                    }
                    return null;
                });
    }

    private Uni<Void> enforceQuota(Sql sql, String contributorId, String datanetId, long size, Instant now) {
        return ledger.standing(sql, contributorId, datanetId, now).map(standing -> {
            QuotaPolicy.check(standing.limits(), standing.usage(), size, now).ifPresent(v -> {
                throw new ProblemException(429, "quota-exceeded", "Too Many Requests", v.detail())
                        .with("limit", v.limit()).with("limitValue", v.limitValue())
                        .with("tier", standing.limits().tier())
                        .header("Retry-After", Long.toString(v.retryAfterSeconds()));
            });
            return null;
        });
    }

    private Uni<Upload> insert(Sql sql, Datanet datanet, String contributorId, String fileName, String mediaType,
                               StoredBlob blob, Instant now) {
        Upload upload = new Upload();
        upload.id = UUID.randomUUID().toString();
        upload.datanetId = datanet.id;
        upload.contributorId = contributorId;
        upload.fileName = fileName;
        upload.mediaType = mediaType;
        upload.sizeBytes = blob.sizeBytes();
        upload.sha256 = blob.sha256();
        upload.blobAddress = blob.address();
        upload.status = UploadStatus.RECEIVED;
        upload.receivedAt = now;
        upload.receivedDay = QuotaPolicy.utcDay(now);
        return sql.update("INSERT INTO upload (id, datanet_id, contributor_id, file_name, media_type, size_bytes, sha256, "
                                + "blob_address, status, verdict_version, received_at, received_day) "
                                + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10, ?11)", upload.id, upload.datanetId,
                        upload.contributorId, upload.fileName, upload.mediaType, upload.sizeBytes, upload.sha256,
                        upload.blobAddress, upload.status, upload.receivedAt, upload.receivedDay)
                .flatMap(inserted -> outbox.add(sql, upload.id, upload.toEvent(datanet)))
                .replaceWith(upload);
    }

    /**
     * The answer to this request, kept with its Idempotency-Key (if any) so a retry gets exactly the same status and
     * body, even after the upload's status moved on.
     */
    private Uni<Recorded> remember(Sql sql, String contributorId, String key, String requestDigest, Upload upload) {
        String body = toJson(UploadView.of(upload));
        Recorded recorded = new Recorded(upload.id, 202, body, true);
        if (key == null) {
            return Uni.createFrom().item(recorded);
        }
        return sql.update("INSERT INTO idempotency_key (contributor_id, idempotency_key, request_digest, upload_id, "
                                + "response_status, response_body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        contributorId, key, requestDigest, upload.id, recorded.status(), body)
                .replaceWith(recorded);
    }

    private String toJson(UploadView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an upload as JSON", e);
        }
    }
}
