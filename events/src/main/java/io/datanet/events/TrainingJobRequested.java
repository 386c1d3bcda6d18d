package io.datanet.events;

import java.time.Instant;

/** A job on the training work queue. The job row in training-service's database is the source of truth. */
public record TrainingJobRequested(String jobId, String datanetId, String snapshotDigest, String baseModel,
                                   TrainingMethod method, Hyperparameters hyperparameters, String requestedBy,
                                   Instant requestedAt) {
    public TrainingJobRequested {
        Require.text(jobId, "jobId");
        Require.text(datanetId, "datanetId");
        Require.present(method, "method");
        Require.present(hyperparameters, "hyperparameters");
    }
}
