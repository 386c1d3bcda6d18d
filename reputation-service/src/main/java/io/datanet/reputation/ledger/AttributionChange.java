package io.datanet.reputation.ledger;

import io.datanet.reputation.score.Sums;
import java.util.List;
import java.util.SortedMap;

/** The effect of a job's attribution, counted once per job: the credits and the change of every affected scope. */
public record AttributionChange(JobState job, List<Credit> credits, SortedMap<ScopeKey, Sums> deltas) {

    public String reason(String contributorId) {
        Credit credit = credits.stream().filter(c -> c.contributorId().equals(contributorId)).findFirst().orElseThrow();
        return String.format(java.util.Locale.ROOT, "training job %s in datanet %s: attribution share %.4f",
                job.jobId(), job.datanetId(), credit.share());
    }
}
