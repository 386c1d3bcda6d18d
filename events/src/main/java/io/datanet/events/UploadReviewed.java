package io.datanet.events;

import java.time.Instant;

/** The datanet owner's decision on an upload that passed validation in a datanet with review mode {@code owner}. */
public record UploadReviewed(String uploadId, String datanetId, String contributorId, String reviewerId,
                             ReviewDecision decision, String comment, Instant reviewedAt) {
    public UploadReviewed {
        Require.text(uploadId, "uploadId");
        Require.text(contributorId, "contributorId");
        Require.text(reviewerId, "reviewerId");
        Require.present(decision, "decision");
    }
}
