package io.datanet.training.job;

import io.datanet.events.DatanetJson;
import io.datanet.events.Hyperparameters;
import io.datanet.events.JobStatus;
import io.datanet.events.TrainingJobRequested;
import io.datanet.events.TrainingMethod;
import io.datanet.events.TrainingStatusChanged;
import io.datanet.platform.outbox.Outbox;
import io.datanet.platform.problem.ProblemException;
import io.datanet.training.Digests;
import io.datanet.training.dataset.DatasetSnapshot;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;

/**
 * Job state changes, each with its events in the outbox of the same transaction: a queued job and its
 * {@code training.jobs} message commit together, so no job is queued without a worker hearing of it.
 */
@ApplicationScoped
public class Jobs {

    public static final String MANUAL = "MANUAL";
    public static final String AUTOMATIC = "AUTOMATIC";

    @Inject
    Outbox outbox;

    /**
     * Queues a job on a snapshot, recording its estimated {@code computeCost}; 409 naming the job that already
     * trains the same snapshot with the same settings.
     */
    public Uni<TrainingJob> queue(DatasetSnapshot snapshot, String baseModel, TrainingMethod method,
                                  Hyperparameters hyperparameters, String trigger, String requestedBy,
                                  long computeCost) {
        String settings = DatanetJson.write(hyperparameters);
        String configDigest = Digests.sha256(snapshot.digest + "\n" + baseModel + "\n" + method + "\n" + settings);
        return TrainingJob.<TrainingJob>find("configDigest = ?1 and status in ?2", configDigest,
                        java.util.List.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.SUCCEEDED)).firstResult()
                .chain(existing -> {
                    if (existing != null) {
                        throw new ProblemException(409, "job-exists", "Conflict", "job " + existing.id
                                + " already trains this snapshot with these settings").with("jobId", existing.id);
                    }
                    Instant now = Instant.now();
                    TrainingJob job = new TrainingJob();
                    job.id = "job-" + UUID.randomUUID();
                    job.datanetId = snapshot.datanetId;
                    job.snapshotDigest = snapshot.digest;
                    job.baseModel = baseModel;
                    job.method = method;
                    job.hyperparameters = settings;
                    job.configDigest = configDigest;
                    job.trigger = trigger;
                    job.requestedBy = requestedBy;
                    job.computeCost = computeCost;
                    job.status = JobStatus.QUEUED;
                    job.createdAt = now;
                    job.updatedAt = now;
                    return job.<TrainingJob>persist()
                            .chain(() -> outbox.add(job.id, new TrainingJobRequested(job.id, job.datanetId,
                                    job.snapshotDigest, baseModel, method, hyperparameters, requestedBy, now)))
                            .chain(() -> announce(job, "queued (" + trigger.toLowerCase() + ")"))
                            .replaceWith(job);
                });
    }

    /** A queued job is cancelled at once; a running one when its worker next checks in. */
    public Uni<TrainingJob> cancel(TrainingJob job, String by) {
        if (job.status.isTerminal()) {
            throw new ProblemException(409, "job-finished", "Conflict", "job " + job.id + " is already " + job.status)
                    .with("status", job.status);
        }
        job.cancelledBy = by;
        job.updatedAt = Instant.now();
        if (job.status == JobStatus.QUEUED) {
            job.status = JobStatus.CANCELLED;
            job.finishedAt = job.updatedAt;
            return announce(job, "cancelled by " + by).replaceWith(job);
        }
        job.cancelRequested = true;
        return Uni.createFrom().item(job);
    }

    /** The job's current state on {@code training.status}. */
    public Uni<Void> announce(TrainingJob job, String message) {
        return outbox.add(job.id, new TrainingStatusChanged(job.id, job.datanetId, job.status, job.step,
                job.totalSteps, job.loss, job.tokensPerSecond, job.etaSeconds, job.metricValues(), message,
                Instant.now()))
                .replaceWithVoid();
    }
}
