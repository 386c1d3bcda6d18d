package io.datanet.reputation.consume;

import io.datanet.reputation.apply.ReputationUpdates;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.platform.inbox.ProcessedEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Verdicts (first ones, overrides, reviews) into reputation; each event id counted once. */
@ApplicationScoped
public class VerdictConsumer {

    static final String CONSUMER = "reputation-service.verdicts";

    @Inject
    ProcessedEvents processed;
    @Inject
    ReputationUpdates updates;

    @Incoming(Topics.UPLOADS_VALIDATED)
    public Uni<Void> onVerdict(Message<List<String>> batch) {
        return processed.applyEachOnce(CONSUMER, batch, UploadValidated.class, updates::onVerdict);
    }
}
