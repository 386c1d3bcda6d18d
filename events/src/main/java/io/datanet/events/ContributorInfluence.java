package io.datanet.events;

/**
 * @param influence signed influence of the contributor's examples on the validation loss (positive helps)
 * @param share     non-negative share of the credit; shares of one attribution sum to 1
 */
public record ContributorInfluence(String contributorId, double influence, double share) {
    public ContributorInfluence {
        Require.text(contributorId, "contributorId");
    }
}
