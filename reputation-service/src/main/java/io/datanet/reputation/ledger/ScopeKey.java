package io.datanet.reputation.ledger;

/**
 * One contributor's reputation in one scope: overall ({@link #OVERALL}) or in one datanet. Ordered by contributor,
 * then scope (overall first), which is also the order rows are locked in.
 */
public record ScopeKey(String contributorId, String scope) implements Comparable<ScopeKey> {

    /** The scope of the overall reputation; never a datanet id (those are never blank). */
    public static final String OVERALL = "";

    public static ScopeKey overall(String contributorId) {
        return new ScopeKey(contributorId, OVERALL);
    }

    public boolean isOverall() {
        return OVERALL.equals(scope);
    }

    @Override
    public int compareTo(ScopeKey other) {
        int byContributor = contributorId.compareTo(other.contributorId);
        return byContributor != 0 ? byContributor : scope.compareTo(other.scope);
    }

    @Override
    public String toString() {
        return contributorId + (isOverall() ? " (overall)" : " in " + scope);
    }
}
