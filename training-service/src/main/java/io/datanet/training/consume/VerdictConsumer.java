package io.datanet.training.consume;

import io.datanet.events.CloudEvent;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.platform.inbox.ProcessedEvents;
import io.datanet.training.dataset.DatasetUpload;
import io.datanet.training.job.AutomaticTrigger;
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

    private Uni<Void> apply(CloudEvent<UploadValidated> event) {
        UploadValidated v = event.data();
        return DatasetUpload.<DatasetUpload>findById(v.uploadId()).flatMap(current -> {
            if (current != null && v.verdictVersion() <= current.verdictVersion) {
                return Uni.createFrom().voidItem();   // an older or repeated verdict
            }
            DatasetUpload upload = current != null ? current : new DatasetUpload();
            upload.uploadId = v.uploadId();
            upload.datanetId = v.datanetId();
            upload.contributorId = v.contributorId();
            upload.verdictVersion = v.verdictVersion();
            upload.verdict = v.verdict();
            upload.recordsAccepted = v.recordsAccepted();
            upload.cleanedBlobAddress = v.cleanedBlobAddress();
            upload.cleanedSha256 = v.cleanedSha256();
            upload.active = v.verdict() == Verdict.ACCEPTED && v.cleanedBlobAddress() != null && v.recordsAccepted() > 0;
            upload.validatedAt = v.validatedAt() != null ? v.validatedAt() : event.time();
            upload.updatedAt = Instant.now();
            return current != null ? Uni.createFrom().voidItem() : upload.persist().replaceWithVoid();
        });
    }
}
