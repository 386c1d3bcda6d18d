package io.datanet.training.consume;

import io.datanet.events.CloudEvent;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.platform.inbox.ProcessedEvents;
import io.datanet.training.job.AutomaticTrigger;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Materialises each datanet's dataset from verdicts: the latest verdict version of an upload wins, so an override
 * to REJECTED takes its records out of future snapshots. Then gives the automatic trigger its chance, in the same
 * transaction, once per datanet that gained records (a job it creates commits with the verdicts that made it due).
 */
@ApplicationScoped
public class VerdictConsumer {

    static final String CONSUMER = "training-service.verdicts";

    @Inject
    ProcessedEvents processed;
    @Inject
    AutomaticTrigger trigger;

    @Incoming(Topics.UPLOADS_VALIDATED)
    public Uni<Void> onVerdict(Message<List<String>> batch) {
        return processed.applyEachOnce(CONSUMER, batch, UploadValidated.class, this::apply, this::considerTraining);
    }

    /** The trigger looks once per transaction at each datanet that gained records in it, in id order (its lock order). */
    private Uni<Void> considerTraining(List<CloudEvent<UploadValidated>> applied) {
        List<String> gained = applied.stream().map(CloudEvent::data)
                .filter(v -> v.verdict() == Verdict.ACCEPTED && v.cleanedBlobAddress() != null && v.recordsAccepted() > 0)
                .map(UploadValidated::datanetId).distinct().sorted().toList();
        return Multi.createFrom().iterable(gained).onItem().transformToUniAndConcatenate(trigger::consider)
                .collect().last().replaceWithVoid();
    }

    /**
     * One statement: the upload's row as the verdict says, unless a verdict of the same or a newer version was kept
     * (an older or repeated verdict changes nothing).
     */
    private Uni<Void> apply(CloudEvent<UploadValidated> event) {
        UploadValidated v = event.data();
        boolean active = v.verdict() == Verdict.ACCEPTED && v.cleanedBlobAddress() != null && v.recordsAccepted() > 0;
        return Panache.getSession().chain(session -> session.createNativeMutationQuery(
                        "INSERT INTO dataset_upload (upload_id, datanet_id, contributor_id, verdict_version, verdict, "
                                + "records_accepted, cleaned_blob_address, cleaned_sha256, active, validated_at, updated_at) "
                                + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (upload_id) DO UPDATE SET "
                                + "datanet_id = EXCLUDED.datanet_id, contributor_id = EXCLUDED.contributor_id, "
                                + "verdict_version = EXCLUDED.verdict_version, verdict = EXCLUDED.verdict, "
                                + "records_accepted = EXCLUDED.records_accepted, "
                                + "cleaned_blob_address = EXCLUDED.cleaned_blob_address, "
                                + "cleaned_sha256 = EXCLUDED.cleaned_sha256, active = EXCLUDED.active, "
                                + "validated_at = EXCLUDED.validated_at, updated_at = EXCLUDED.updated_at "
                                + "WHERE dataset_upload.verdict_version < EXCLUDED.verdict_version")
                .setParameter(1, v.uploadId()).setParameter(2, v.datanetId()).setParameter(3, v.contributorId())
                .setParameter(4, v.verdictVersion()).setParameter(5, v.verdict().name())
                .setParameter(6, v.recordsAccepted()).setParameter(7, v.cleanedBlobAddress())
                .setParameter(8, v.cleanedSha256()).setParameter(9, active)
                .setParameter(10, v.validatedAt() != null ? v.validatedAt() : event.time())
                .setParameter(11, Instant.now())
                .executeUpdate())
                .replaceWithVoid();
    }
}
