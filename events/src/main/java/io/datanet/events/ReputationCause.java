package io.datanet.events;

/**
 * What changed a contributor's reputation, for consumers that act on it (a payout, an audit) rather than show it.
 *
 * @param kind      {@code VERDICT}, {@code OVERRIDE} (a later verdict replaced another), {@code PENDING} (an
 *                  upload waits for review), {@code WITHDRAWN}, {@code ATTRIBUTION} (a training job's credit) or
 *                  {@code DECAY} (time alone moved the tier)
 * @param uploadId  the upload, for the kinds about one upload
 * @param jobId     the training job, for {@code ATTRIBUTION}
 * @param datanetId the datanet the change happened in; none for {@code DECAY}
 * @param eventId   the CloudEvent id of the event that caused it; none for {@code DECAY}
 */
public record ReputationCause(String kind, String uploadId, String jobId, String datanetId, String eventId) {
    public ReputationCause {
        Require.text(kind, "kind");
    }
}
