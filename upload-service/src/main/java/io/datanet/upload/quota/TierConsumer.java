package io.datanet.upload.quota;

import io.datanet.events.ReputationUpdated;
import io.datanet.events.Topics;
import io.datanet.platform.inbox.ProcessedEvents;
import io.datanet.platform.tiers.AnnouncedTiers;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Applies the reputation tiers reputation-service announces; the newest announcement per contributor wins. */
@ApplicationScoped
public class TierConsumer {

    static final String CONSUMER = "upload-service.tiers";

    @Inject
    ProcessedEvents processed;

    @Incoming(Topics.REPUTATION_UPDATED)
    public Uni<Void> onReputation(ConsumerRecord<String, String> record) {
        return processed.applyOnce(CONSUMER, record, ReputationUpdated.class,
                event -> AnnouncedTiers.keepNewest(ContributorTier.class, ContributorTier::new, event));
    }
}
