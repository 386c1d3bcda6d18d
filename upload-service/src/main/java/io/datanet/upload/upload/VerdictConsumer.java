package io.datanet.upload.upload;

import io.datanet.events.CloudEvent;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
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

    private Uni<Void> apply(CloudEvent<UploadValidated> event) {
        UploadValidated verdict = event.data();
        return Upload.<Upload>findById(verdict.uploadId()).map(upload -> {
            if (upload == null) {
                // A verdict for an upload this database never had (another environment's): nothing to update.
                LOG.warnf("verdict %s for unknown upload %s ignored", event.id(), verdict.uploadId());
                return null;
            }
            if (verdict.verdictVersion() <= upload.verdictVersion) {
                return null;
            }
            upload.verdictVersion = verdict.verdictVersion();
            upload.status = UploadStatus.of(verdict.verdict());
            upload.qualityScore = verdict.qualityScore();
            upload.reasonCounts = UploadView.reasonsJson(verdict.reasonCounts());
            upload.decidedAt = verdict.validatedAt();
            return null;
        });
    }
}
