package io.datanet.events;

import java.time.Instant;

/**
 * @param score             overall score in [0,1] after decay
 * @param attributionEarned sum of the contributor's attribution shares over trained jobs
 * @param reason            what changed it, e.g. {@code upload u-1 ACCEPTED}
 */
public record ReputationUpdated(String contributorId, double score, double previousScore, Tier tier,
                                Tier previousTier, long accepted, long rejected, double attributionEarned,
                                String reason, Instant updatedAt) {
    public ReputationUpdated {
        Require.text(contributorId, "contributorId");
        Require.present(tier, "tier");
    }
}
