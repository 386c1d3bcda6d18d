package io.datanet.reputation.ledger;

/** What one contributor's data earned in one training job. */
public record Credit(String jobId, String contributorId, String datanetId, double share, double influence) {
}
