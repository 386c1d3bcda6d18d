package io.datanet.training.consume;

import io.datanet.events.CloudEvent;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.platform.db.Sql;
import io.datanet.platform.inbox.ProcessedEvents;
import io.datanet.training.job.AutomaticTrigger;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Materialises each datanet's dataset from verdicts: the latest verdict version of an upload wins, so an override
 * to REJECTED takes its records out of future snapshots. Then gives the automatic trigger its chance, in the same
 * transaction, once per datanet that gained records: a datanet due for a job is noted with the verdicts that made it
 * due, and its job queued right after their commit (AutomaticTrigger).
 */
@ApplicationScoped
public class VerdictConsumer {

    private static final Logger LOG = Logger.getLogger(VerdictConsumer.class);
    static final String CONSUMER = "training-service.verdicts";

    @Inject
    ProcessedEvents processed;
    @Inject
    AutomaticTrigger trigger;

    @Incoming(Topics.UPLOADS_VALIDATED)
    public Uni<Void> onVerdict(Message<List<String>> batch) {
        AtomicBoolean noted = new AtomicBoolean();
        return processed.applyEachOnce(CONSUMER, batch, UploadValidated.class, this::apply,
                        (transaction, applied) -> noteDue(transaction, applied, noted))
                // After the commit: a job for each datanet noted due (the trigger's sweep retries what fails here).
                .chain(() -> !noted.get() ? Uni.createFrom().voidItem() : trigger.queueDue()
                        .onFailure().invoke(failure -> LOG.warnf(failure, "automatic jobs not queued yet (the sweep retries)"))
                        .onFailure().recoverWithNull());
    }

    /** The trigger looks once per transaction at each datanet that gained records in it, in id order. */
    private Uni<Void> noteDue(Sql transaction, List<CloudEvent<UploadValidated>> applied, AtomicBoolean noted) {
        List<String> gained = applied.stream().map(CloudEvent::data)
                .filter(VerdictConsumer::addsRecords)
                .map(UploadValidated::datanetId).distinct().sorted().toList();
        return Multi.createFrom().iterable(gained)
                .onItem().transformToUniAndConcatenate(datanetId -> trigger.noteIfDue(transaction, datanetId)
                        .invoke(due -> {
                            if (due) {
                                noted.set(true);
                            }
                        }))
                .collect().last().replaceWithVoid();
    }

    /**
     * One statement: the upload's row as the verdict says, unless a verdict of the same or a newer version was kept
     * (an older or repeated verdict changes nothing), never active once withdrawn.
     */
    private Uni<Void> apply(Sql transaction, CloudEvent<UploadValidated> event) {
        UploadValidated v = event.data();
        boolean active = addsRecords(v);
        return transaction.update("INSERT INTO dataset_upload (upload_id, datanet_id, contributor_id, verdict_version, "
                        + "verdict, records_accepted, cleaned_blob_address, cleaned_sha256, active, validated_at, updated_at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (upload_id) DO UPDATE SET "
                        + "datanet_id = EXCLUDED.datanet_id, contributor_id = EXCLUDED.contributor_id, "
                        + "verdict_version = EXCLUDED.verdict_version, verdict = EXCLUDED.verdict, "
                        + "records_accepted = EXCLUDED.records_accepted, "
                        + "cleaned_blob_address = EXCLUDED.cleaned_blob_address, "
                        + "cleaned_sha256 = EXCLUDED.cleaned_sha256, "
                        // A withdrawn upload stays out, whatever its verdict (WithdrawalConsumer).
                        + "active = EXCLUDED.active AND dataset_upload.withdrawn_at IS NULL, "
                        + "validated_at = EXCLUDED.validated_at, updated_at = EXCLUDED.updated_at "
                        + "WHERE dataset_upload.verdict_version < EXCLUDED.verdict_version",
                v.uploadId(), v.datanetId(), v.contributorId(), v.verdictVersion(), v.verdict(), v.recordsAccepted(),
                v.cleanedBlobAddress(), v.cleanedSha256(), active,
                v.validatedAt() != null ? v.validatedAt() : event.time(), Instant.now()).replaceWithVoid();
    }

    /** Whether the verdict puts records in the datanet's dataset: accepted, with a cleaned file that holds some. */
    private static boolean addsRecords(UploadValidated v) {
        return v.verdict() == Verdict.ACCEPTED && v.cleanedBlobAddress() != null && v.recordsAccepted() > 0;
    }
}
