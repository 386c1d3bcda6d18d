package io.datanet.events;

/** Reputation tiers, lowest first; upload quotas scale with them. */
public enum Tier {
    RESTRICTED, NEW, TRUSTED, EXPERT
}
