package io.datanet.events;

import java.time.Instant;
import java.util.List;

/** How much each contributor's data influenced the adapter a job trained, kept so a payout can be audited. */
public record AttributionComputed(String jobId, String datanetId, String snapshotDigest, String adapterDigest,
                                  String method, List<ContributorInfluence> contributors, Instant computedAt) {
    public AttributionComputed {
        Require.text(jobId, "jobId");
        Require.text(datanetId, "datanetId");
        Require.text(method, "method");
        contributors = contributors == null ? List.of() : List.copyOf(contributors);
    }
}
