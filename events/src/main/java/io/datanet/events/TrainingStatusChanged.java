package io.datanet.events;

import java.time.Instant;
import java.util.Map;

/**
 * @param metrics evaluation figures when known, e.g. {@code baseLoss}, {@code adaptedLoss}, {@code adaptedPerplexity}
 */
public record TrainingStatusChanged(String jobId, String datanetId, JobStatus status, int step, int totalSteps,
                                    Double loss, Double tokensPerSecond, Long etaSeconds,
                                    Map<String, Double> metrics, String message, Instant at) {
    public TrainingStatusChanged {
        Require.text(jobId, "jobId");
        Require.present(status, "status");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
