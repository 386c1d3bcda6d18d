package io.datanet.upload.upload;

import io.datanet.platform.blob.StoredBlob;
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
 * Records a stored file as an upload. Everything below runs in one transaction under the contributor's and the
 * datanet's locks: the idempotency check, the duplicate check, the quota check, the upload row and its
 * {@code uploads.received} event in the outbox. Either all of it commits or none of it does.
 */
@ApplicationScoped
public class UploadService {

    @Inject
    QuotaLedger ledger;
    @Inject
    Outbox outbox;

    /** The upload and whether this call created it (false: an Idempotency-Key replay). */
    public record Recorded(Upload upload, boolean created) {
    }

    public Uni<Recorded> record(Datanet datanet, String contributorId, String fileName, String mediaType,
                                StoredBlob blob, String idempotencyKey) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String requestDigest = datanet.id + ":" + blob.sha256();
        return Panache.withTransaction(() -> ledger.lock(contributorId, datanet.id)
                .flatMap(locked -> idempotentReplay(contributorId, idempotencyKey, requestDigest))
                .flatMap(replay -> replay != null
                        ? Uni.createFrom().item(new Recorded(replay, false))
                        : rejectDuplicate(contributorId, datanet.id, blob.sha256())
                                .flatMap(x -> enforceQuota(contributorId, datanet.id, blob.sizeBytes(), now))
                                .flatMap(x -> insert(datanet, contributorId, fileName, mediaType, blob, now))
                                .flatMap(upload -> rememberKey(contributorId, idempotencyKey, requestDigest, upload))
                                .map(upload -> new Recorded(upload, true))));
    }

    private Uni<Upload> idempotentReplay(String contributorId, String key, String requestDigest) {
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return Panache.getSession().flatMap(s -> s.<Object[]>createNativeQuery(
                        "SELECT upload_id, request_digest FROM idempotency_key WHERE contributor_id = ?1 AND idempotency_key = ?2")
                .setParameter(1, contributorId).setParameter(2, key).getResultList())
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().nullItem();
                    }
                    Object[] row = ((List<Object[]>) (List<?>) rows).get(0);
                    if (!requestDigest.equals(row[1])) {
                        throw ProblemException.unprocessable("Idempotency-Key '" + key
                                + "' was already used for a different request").with("uploadId", row[0]);
                    }
                    return Upload.<Upload>findById((String) row[0]);
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
        return ledger.limitsOf(contributorId).flatMap(limits -> ledger.usage(contributorId, datanetId, now)
                .map(usage -> {
                    QuotaPolicy.check(limits, usage, size, now).ifPresent(v -> {
                        throw new ProblemException(429, "quota-exceeded", "Too Many Requests", v.detail())
                                .with("limit", v.limit()).with("limitValue", v.limitValue()).with("tier", limits.tier())
                                .header("Retry-After", Long.toString(v.retryAfterSeconds()));
                    });
                    return null;
                }));
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
                .flatMap(saved -> outbox.add(upload.id, upload.toEvent()))
                .replaceWith(upload);
    }

    private Uni<Upload> rememberKey(String contributorId, String key, String requestDigest, Upload upload) {
        if (key == null) {
            return Uni.createFrom().item(upload);
        }
        // The upload row must exist before the key that references it.
        return Panache.getSession().flatMap(s -> s.flush().flatMap(x -> s.createNativeMutationQuery(
                        "INSERT INTO idempotency_key (contributor_id, idempotency_key, request_digest, upload_id) "
                                + "VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, contributorId).setParameter(2, key).setParameter(3, requestDigest)
                .setParameter(4, upload.id).executeUpdate()))
                .replaceWith(upload);
    }
}
