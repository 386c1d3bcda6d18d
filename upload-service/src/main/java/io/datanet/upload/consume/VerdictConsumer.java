package io.datanet.upload.consume;

import io.datanet.upload.files.UploadView;
import io.datanet.upload.files.UploadStatus;
import io.datanet.events.CloudEvent;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.platform.db.Sql;
import io.datanet.platform.inbox.ProcessedEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Follows the verdicts validation-service publishes. The highest verdict version of an upload wins: a redelivered
 * or late older verdict changes nothing. Idempotent by event id as well.
 */
@ApplicationScoped
public class VerdictConsumer {

    private static final Logger LOG = Logger.getLogger(VerdictConsumer.class);
    static final String CONSUMER = "upload-service.verdicts";

    @Inject
    ProcessedEvents processed;

    @Incoming(Topics.UPLOADS_VALIDATED)
    public Uni<Void> onVerdict(Message<List<String>> batch) {
        return processed.applyEachOnce(CONSUMER, batch, UploadValidated.class, this::apply);
    }

    /**
     * One statement: the verdict's columns, only where it is newer than the version applied so far. A withdrawn
     * upload keeps its status: the verdict is recorded, withdrawal is final.
     */
    private Uni<Void> apply(Sql transaction, CloudEvent<UploadValidated> event) {
        UploadValidated verdict = event.data();
        return transaction.update("UPDATE upload SET verdict_version = ?2, "
                                + "status = CASE WHEN withdrawn_at IS NULL THEN ?3 ELSE status END, quality_score = ?4, "
                                + "reason_counts = ?5, decided_at = ?6 WHERE id = ?1 AND verdict_version < ?2",
                        verdict.uploadId(), verdict.verdictVersion(), UploadStatus.of(verdict.verdict()),
                        verdict.qualityScore(), UploadView.reasonsJson(verdict.reasonCounts()), verdict.validatedAt())
                .chain(updated -> updated == 1 ? Uni.createFrom().voidItem()
                        // Not newer, or (rare enough to look) an upload this database never had: another environment's.
                        : transaction.first("SELECT 1 FROM upload WHERE id = ?1", verdict.uploadId()).invoke(known -> {
                            if (known == null) {
                                LOG.warnf("verdict %s for unknown upload %s ignored", event.id(), verdict.uploadId());
                            }
                        }).replaceWithVoid());
    }
}
