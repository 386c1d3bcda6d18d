package io.datanet.upload.consume;

import io.datanet.events.ReputationUpdated;
import io.datanet.events.Topics;
import io.datanet.platform.inbox.ProcessedEvents;
import io.datanet.platform.tiers.AnnouncedTiers;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Applies the reputation tiers reputation-service announces; the newest announcement per contributor wins. */
@ApplicationScoped
public class TierConsumer {

    static final String CONSUMER = "upload-service.tiers";

    @Inject
    ProcessedEvents processed;

    @Incoming(Topics.REPUTATION_UPDATED)
    public Uni<Void> onReputation(Message<List<String>> batch) {
        return processed.applyEachOnce(CONSUMER, batch, ReputationUpdated.class,
                AnnouncedTiers::keepNewest);
    }
}
