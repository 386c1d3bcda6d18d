package io.datanet.training.limits;

import io.datanet.events.CloudEvent;
import io.datanet.events.ReputationUpdated;
import io.datanet.events.Topics;
import io.datanet.platform.inbox.ProcessedEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the reputation tiers reputation-service announces, as upload-service's consumer of the same topic does: each
 * event applied once (its id stored with the change), and the newest announcement per contributor wins, so a
 * redelivered or late older event cannot lower a tier again.
 */
@ApplicationScoped
public class TierConsumer {

    static final String CONSUMER = "training-service.tiers";

    @Inject
    ProcessedEvents processed;

    @Incoming(Topics.REPUTATION_UPDATED)
    public Uni<Void> onReputation(ConsumerRecord<String, String> record) {
        return processed.applyOnce(CONSUMER, record, ReputationUpdated.class, this::apply);
    }

    private Uni<Void> apply(CloudEvent<ReputationUpdated> event) {
        ReputationUpdated update = event.data();
        // updatedAt orders announcements; an event without it counts as of the time it was published.
        Instant asOf = update.updatedAt() != null ? update.updatedAt() : event.time();
        return ContributorTier.<ContributorTier>findById(update.contributorId()).flatMap(current -> {
            if (current == null) {
                ContributorTier tier = new ContributorTier();
                tier.contributorId = update.contributorId();
                tier.tier = update.tier();
                tier.updatedAt = asOf;
                return tier.persist().replaceWithVoid();
            }
            if (asOf.isAfter(current.updatedAt)) {
                current.tier = update.tier();
                current.updatedAt = asOf;
            }
            return Uni.createFrom().voidItem();
        });
    }
}
