package io.datanet.events;

import java.time.Instant;

/**
 * @param score             overall score in [0,1] after decay
 * @param attributionEarned sum of the contributor's attribution shares over trained jobs
 * @param reason            what changed it, in words, e.g. {@code upload u-1 ACCEPTED}
 * @param cause             what changed it, as ids (the upload or job, the datanet, the causing event); absent only
 *                          on events published before it existed
 * @param datanetScore      the contributor's score in the cause's datanet after the change; none without a datanet
 */
public record ReputationUpdated(String contributorId, double score, double previousScore, Tier tier,
                                Tier previousTier, long accepted, long rejected, double attributionEarned,
                                String reason, Instant updatedAt, ReputationCause cause, Double datanetScore) {
    public ReputationUpdated {
        Require.text(contributorId, "contributorId");
        Require.present(tier, "tier");
    }
}
