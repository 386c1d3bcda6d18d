package io.datanet.reputation.ledger;

import java.time.Instant;

/** A training job whose attribution has been counted (once per job). */
public record JobState(String jobId, String datanetId, Instant computedAt, String eventId) {
}
