package io.datanet.events;

/** Who decided a verdict: the automatic checks, a validator's override, or the datanet owner's review. */
public enum VerdictSource {
    VALIDATION, VALIDATOR_REVIEW, OWNER_REVIEW
}
