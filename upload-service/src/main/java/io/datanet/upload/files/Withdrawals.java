package io.datanet.upload.files;

import io.datanet.events.UploadWithdrawn;
import io.datanet.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Takes uploads out: a contributor's withdrawal of one, an operator's erasure of all of a contributor's. Each upload
 * becomes WITHDRAWN for good and its {@code upload.withdrawn} event commits with it (the outbox); the other services
 * undo what it did when they read the event. Withdrawing what is already withdrawn changes nothing and says nothing.
 * The row itself stays: it keeps counting against that day's quotas and its content stays refused as a duplicate,
 * so withdrawing never buys a second try. Its stored file goes at the next blob sweep (only rows still in refer to a
 * file, {@link io.datanet.upload.blob.UploadBlobSweep}).
 */
@ApplicationScoped
public class Withdrawals {

    private static final Logger LOG = Logger.getLogger(Withdrawals.class);

    @Inject
    Outbox outbox;

    /** One erasure as its audit line records it. */
    public record Erasure(String id, String contributorId, String requestedBy, String reference, int uploads,
                          Instant erasedAt) {
    }

    /** Withdraws the upload, locked against a verdict landing at the same moment; in the caller's transaction. */
    public Uni<Upload> withdraw(Upload upload, String requestedBy, UploadWithdrawn.Reason reason, Instant at) {
        if (upload.withdrawnAt != null) {
            return Uni.createFrom().item(upload);
        }
        upload.status = UploadStatus.WITHDRAWN;
        upload.withdrawnAt = at;
        upload.withdrawnBy = requestedBy;
        upload.withdrawalReason = reason;
        return outbox.add(upload.id, new UploadWithdrawn(upload.id, upload.datanetId, upload.contributorId,
                requestedBy, reason, at)).replaceWith(upload);
    }

    /** The upload, its row locked for the rest of the transaction; null if there is none. */
    public static Uni<Upload> locked(String uploadId) {
        return Upload.findById(uploadId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Erases every upload of the contributor still in, on the request {@code reference} names, with the audit line
     * in the same transaction.
     */
    public Uni<Erasure> erase(String contributorId, String operatorId, String reference) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String id = UUID.randomUUID().toString();
        return Panache.withTransaction(() -> Upload.<Upload>find("contributorId = ?1 and withdrawnAt is null order by id",
                        contributorId).withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .chain(uploads -> Multi.createFrom().iterable(uploads)
                        .onItem().transformToUniAndConcatenate(u -> withdraw(u, operatorId, UploadWithdrawn.Reason.ERASED, now))
                        .collect().asList())
                .chain((List<Upload> erased) -> Panache.getSession().chain(s -> s.createNativeMutationQuery(
                                "INSERT INTO erasure (id, contributor_id, requested_by, reference, uploads, erased_at) "
                                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                        .setParameter(1, id).setParameter(2, contributorId).setParameter(3, operatorId)
                        .setParameter(4, reference).setParameter(5, erased.size()).setParameter(6, now).executeUpdate())
                        .replaceWith(new Erasure(id, contributorId, operatorId, reference, erased.size(), now))))
                .invoke(done -> LOG.infof("erasure %s: %s erased %d uploads of contributor %s on request %s",
                        done.id(), operatorId, done.uploads(), contributorId, reference));
    }
}
