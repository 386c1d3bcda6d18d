package io.datanet.training.api;

import io.datanet.events.DatanetJson;
import io.datanet.training.job.TrainingJob;
import io.datanet.events.Hyperparameters;
import io.datanet.events.JobStatus;
import io.datanet.events.TrainingMethod;
import java.time.Instant;
import java.util.Map;

/** A job as the API shows it. */
public record JobView(String id, String datanetId, JobStatus status, String trigger, String requestedBy,
                      String baseModel, TrainingMethod method, Hyperparameters hyperparameters, String snapshotDigest,
                      Progress progress, Map<String, Double> metrics, String message, Adapter adapter,
                      Integer trainExamples, Integer validationExamples, int attempt, boolean cancelRequested,
                      Instant createdAt, Instant startedAt, Instant finishedAt, long computeCost) {

    public record Progress(int step, int totalSteps, Double loss, Double tokensPerSecond, Long etaSeconds,
                           Integer checkpointStep) {
    }

    /** The PEFT files, downloadable from {@code /api/jobs/{id}/adapter/{file}}. */
    public record Adapter(String digest, Map<String, String> files) {
    }

    public static JobView of(TrainingJob job) {
        Adapter adapter = job.adapterDigest == null ? null : new Adapter(job.adapterDigest, Map.of(
                "adapter_config.json", job.adapterConfigSha256, "adapter_model.safetensors", job.adapterModelSha256));
        return new JobView(job.id, job.datanetId, job.status, job.trigger, job.requestedBy, job.baseModel, job.method,
                DatanetJson.read(job.hyperparameters, Hyperparameters.class), job.snapshotDigest,
                new Progress(job.step, job.totalSteps, job.loss, job.tokensPerSecond, job.etaSeconds,
                        job.checkpointStep),
                job.metricValues(),
                job.message, adapter, job.trainExamples, job.validationExamples, job.attempt, job.cancelRequested,
                job.createdAt, job.startedAt, job.finishedAt, job.computeCost);
    }
}
