package io.datanet.validation.consume;

import io.datanet.validation.store.Report;
import io.datanet.validation.store.Verdicts;
import io.datanet.events.CloudEvent;
import io.datanet.events.ReviewDecision;
import io.datanet.events.Topics;
import io.datanet.events.UploadReviewed;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.platform.inbox.ProcessedEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** Turns a datanet owner's review (published by upload-service) into the next verdict version. */
@ApplicationScoped
public class OwnerReviewConsumer {

    private static final Logger LOG = Logger.getLogger(OwnerReviewConsumer.class);
    static final String CONSUMER = "validation-service.owner-reviews";

    @Inject
    ProcessedEvents processed;
    @Inject
    Verdicts verdicts;

    @Incoming(Topics.UPLOADS_REVIEWED)
    public Uni<Void> onReview(Message<List<String>> batch) {
        return processed.applyEachOnce(CONSUMER, batch, UploadReviewed.class, this::apply);
    }

    private Uni<Void> apply(CloudEvent<UploadReviewed> event) {
        UploadReviewed review = event.data();
        return Report.<Report>findById(review.uploadId()).flatMap(report -> {
            if (report == null || report.verdict != Verdict.PENDING_REVIEW || report.withdrawnAt != null) {
                LOG.warnf("owner review of %s ignored: no upload pending review", review.uploadId());
                return Uni.createFrom().voidItem();
            }
            Verdict verdict = review.decision() == ReviewDecision.APPROVE ? Verdict.ACCEPTED : Verdict.REJECTED;
            return verdicts.supersede(report, verdict, VerdictSource.OWNER_REVIEW, review.reviewerId(), review.comment())
                    .replaceWithVoid();
        });
    }
}
