package io.datanet.platform.tiers;

import io.datanet.events.CloudEvent;
import io.datanet.events.ReputationUpdated;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.function.Supplier;

/** Applying reputation-service's tier announcements, the same in every service that keeps them. */
public final class AnnouncedTiers {

    private AnnouncedTiers() {
    }

    /**
     * Keeps the announced tier unless a newer announcement was kept already, so a redelivered or late older event
     * cannot lower a tier again. Call it inside the consumer's transaction ({@code ProcessedEvents.applyEachOnce}).
     */
    public static <T extends AnnouncedTier> Uni<Void> keepNewest(Class<T> type, Supplier<T> create,
                                                                   CloudEvent<ReputationUpdated> event) {
        ReputationUpdated update = event.data();
        // updatedAt orders announcements; an event without it counts as of the time it was published.
        Instant asOf = update.updatedAt() != null ? update.updatedAt() : event.time();
        return Panache.getSession().flatMap(session -> session.find(type, update.contributorId())).flatMap(current -> {
            if (current == null) {
                T tier = create.get();
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
