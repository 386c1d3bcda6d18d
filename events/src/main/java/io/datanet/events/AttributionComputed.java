package io.datanet.events;

import java.time.Instant;
import java.util.List;

/**
 * How much each contributor's data influenced the adapter a job trained, kept so a payout can be audited: per
 * contributor, and per upload of the snapshot (every upload, with how many of its records trained and measured the
 * adapter; empty on events published before it existed).
 */
public record AttributionComputed(String jobId, String datanetId, String snapshotDigest, String adapterDigest,
                                  String method, List<ContributorInfluence> contributors,
                                  List<UploadInfluence> uploads, Instant computedAt) {
    public AttributionComputed {
        Require.text(jobId, "jobId");
        Require.text(datanetId, "datanetId");
        Require.text(method, "method");
        contributors = contributors == null ? List.of() : List.copyOf(contributors);
        uploads = uploads == null ? List.of() : List.copyOf(uploads);
    }
}
