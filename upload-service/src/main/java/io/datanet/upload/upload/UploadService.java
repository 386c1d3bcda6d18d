package io.datanet.upload.upload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.platform.blob.BlobSweeper;
import io.datanet.platform.blob.ContentDigest;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.platform.db.NativeSelect;
import io.datanet.platform.db.TransactionLocks;
import io.datanet.platform.outbox.Outbox;
import io.datanet.platform.problem.ProblemException;
import io.datanet.upload.datanet.Datanet;
import io.datanet.upload.quota.QuotaLedger;
import io.datanet.upload.quota.QuotaPolicy;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Judges an upload by its content's digest before anything is stored ({@link #admit}), then records the stored file
 * ({@link #record}). Recording runs in one transaction under the contributor's, the datanet's and the blob's locks:
 * the idempotency check, the duplicate check, the quota check, the upload row and its {@code uploads.received}
 * event in the outbox, and the answer kept for the request's Idempotency-Key. Either all of it commits or none of
 * it does.
 */
@ApplicationScoped
public class UploadService {

    @Inject
    QuotaLedger ledger;
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
        Uni<Boolean> known = idempotencyKey == null ? Uni.createFrom().item(false)
                : NativeSelect.single("SELECT count(*) FROM idempotency_key "
                                + "WHERE contributor_id = ?1 AND idempotency_key = ?2", Long.class, contributorId, idempotencyKey)
                .map(n -> n > 0);
        return known.flatMap(replay -> replay ? Uni.createFrom().voidItem()
                : enforceQuota(contributorId, datanet.id, size, Instant.now()));
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
        return Panache.withSession(() -> idempotentReplay(contributorId, idempotencyKey, requestDigest)
                .flatMap(replay -> replay != null
                        ? Uni.createFrom().item(new Admission(replay, 0))
                        : rejectDuplicate(contributorId, datanet.id, content.sha256())
                                .flatMap(x -> enforceQuota(contributorId, datanet.id, content.sizeBytes(), Instant.now()))
                                .flatMap(x -> NativeSelect.single(BlobSweeper.LATEST_SWEEP, Long.class, address))
                                .map(latest -> new Admission(null, latest))));
    }

    /**
     * Records {@code blob}, stored after {@link #admit} saw {@code sweptBefore} as the newest sweep of its address.
     * Under the blob's lock a newer sweep means the blob may have been removed after it was stored: {@link BlobSwept}.
     */
    public Uni<Recorded> record(Datanet datanet, String contributorId, String fileName, String mediaType,
                                StoredBlob blob, String idempotencyKey, long sweptBefore) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String requestDigest = datanet.id + ":" + blob.sha256();
        return Panache.withTransaction(() -> ledger.lock(contributorId, datanet.id)
                .flatMap(locked -> TransactionLocks.lock(BlobSweeper.BLOB_LOCKS, blob.address()))
                .flatMap(locked -> NativeSelect.single(BlobSweeper.LATEST_SWEEP, Long.class, blob.address()))
                .flatMap(latest -> {
                    if (latest > sweptBefore) {
                        throw new BlobSwept(latest);
                    }
                    return idempotentReplay(contributorId, idempotencyKey, requestDigest);
                })
                .flatMap(replay -> replay != null
                        ? Uni.createFrom().item(replay)
                        : rejectDuplicate(contributorId, datanet.id, blob.sha256())
                                .flatMap(x -> enforceQuota(contributorId, datanet.id, blob.sizeBytes(), now))
                                .flatMap(x -> insert(datanet, contributorId, fileName, mediaType, blob, now))
                                .flatMap(upload -> remember(contributorId, idempotencyKey, requestDigest, upload))));
    }

    private Uni<Recorded> idempotentReplay(String contributorId, String key, String requestDigest) {
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return NativeSelect.rows(
                        "SELECT upload_id, request_digest, response_status, response_body FROM idempotency_key "
                                + "WHERE contributor_id = ?1 AND idempotency_key = ?2", contributorId, key)
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().nullItem();
                    }
                    Object[] row = rows.get(0);
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
                    return Upload.<Upload>findById(uploadId)
                            .map(upload -> new Recorded(uploadId, status, toJson(UploadView.of(upload)), false));
                });
    }

    private Uni<Void> rejectDuplicate(String contributorId, String datanetId, String sha256) {
        return Upload.<Upload>find("contributorId = ?1 and datanetId = ?2 and sha256 = ?3", contributorId, datanetId, sha256)
                .firstResult()
                .map(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("duplicate-upload",
                                "you already uploaded this content to this datanet as upload " + existing.id)
                                .with("existingUploadId", existing.id);
                    }
                    return null;
                });
    }

    private Uni<Void> enforceQuota(String contributorId, String datanetId, long size, Instant now) {
        return ledger.standing(contributorId, datanetId, now).map(standing -> {
            QuotaPolicy.check(standing.limits(), standing.usage(), size, now).ifPresent(v -> {
                throw new ProblemException(429, "quota-exceeded", "Too Many Requests", v.detail())
                        .with("limit", v.limit()).with("limitValue", v.limitValue())
                        .with("tier", standing.limits().tier())
                        .header("Retry-After", Long.toString(v.retryAfterSeconds()));
            });
            return null;
        });
    }

    private Uni<Upload> insert(Datanet datanet, String contributorId, String fileName, String mediaType,
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
        return upload.<Upload>persist()
                .flatMap(saved -> outbox.add(upload.id, upload.toEvent(datanet)))
                .replaceWith(upload);
    }

    /**
     * The answer to this request, kept with its Idempotency-Key (if any) so a retry gets exactly the same status and
     * body, even after the upload's status moved on.
     */
    private Uni<Recorded> remember(String contributorId, String key, String requestDigest, Upload upload) {
        String body = toJson(UploadView.of(upload));
        Recorded recorded = new Recorded(upload.id, 202, body, true);
        if (key == null) {
            return Uni.createFrom().item(recorded);
        }
        // The upload row must exist before the key that references it.
        return Panache.getSession().flatMap(s -> s.flush().flatMap(x -> s.createNativeMutationQuery(
                        "INSERT INTO idempotency_key (contributor_id, idempotency_key, request_digest, upload_id, "
                                + "response_status, response_body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, contributorId).setParameter(2, key).setParameter(3, requestDigest)
                .setParameter(4, upload.id).setParameter(5, recorded.status()).setParameter(6, body)
                .executeUpdate()))
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
