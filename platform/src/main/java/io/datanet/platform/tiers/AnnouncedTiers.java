package io.datanet.platform.tiers;

import io.datanet.events.CloudEvent;
import io.datanet.events.ReputationUpdated;
import io.datanet.platform.db.Sql;
import io.smallrye.mutiny.Uni;
import java.time.Instant;

/** Applying reputation-service's tier announcements, the same in every service that keeps them. */
public final class AnnouncedTiers {

    private AnnouncedTiers() {
    }

    /**
     * Keeps the announced tier in the service's {@code contributor_tier} table (contributor_id, tier, updated_at: the
     * tier reputation-service last announced, which scales the service's limits) unless a newer
     * announcement was kept already, so a redelivered or late older event cannot lower a tier again; one statement.
     * Call it inside the consumer's transaction ({@code ProcessedEvents.applyEachOnce}).
     */
    public static Uni<Void> keepNewest(Sql transaction, CloudEvent<ReputationUpdated> event) {
        ReputationUpdated update = event.data();
        // updatedAt orders announcements; an event without it counts as of the time it was published.
        Instant asOf = update.updatedAt() != null ? update.updatedAt() : event.time();
        return transaction.update("INSERT INTO contributor_tier (contributor_id, tier, updated_at) VALUES (?1, ?2, ?3) "
                        + "ON CONFLICT (contributor_id) DO UPDATE SET tier = EXCLUDED.tier, updated_at = EXCLUDED.updated_at "
                        + "WHERE contributor_tier.updated_at < EXCLUDED.updated_at",
                update.contributorId(), update.tier(), asOf).replaceWithVoid();
    }
}
