package io.datanet.events;

/** Reputation tiers, lowest first; upload quotas and training budgets scale with them. */
public enum Tier {
    RESTRICTED(0.25), NEW(1.0), TRUSTED(2.0), EXPERT(4.0);

    private final double multiplier;

    Tier(double multiplier) {
        this.multiplier = multiplier;
    }

    /**
     * What a per-contributor allowance is multiplied by at this tier: upload-service's daily quotas and
     * training-service's daily compute budget use the same scale, so one reputation buys the same share of each.
     */
    public double multiplier() {
        return multiplier;
    }
}
