package io.datanet.events;

/** The outcome of an upload. PENDING_REVIEW is not final: a later verdict version settles it. */
public enum Verdict {
    ACCEPTED, REJECTED, PENDING_REVIEW;

    public boolean isFinal() {
        return this != PENDING_REVIEW;
    }
}
