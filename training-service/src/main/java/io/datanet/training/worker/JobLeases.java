package io.datanet.training.worker;

import io.datanet.events.AttributionComputed;
import io.datanet.events.JobStatus;
import io.datanet.platform.outbox.Outbox;
import io.datanet.training.job.JobAttribution;
import io.datanet.training.job.JobProgress;
import io.datanet.training.job.Jobs;
import io.datanet.training.job.TrainingJob;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Every database change a worker makes to its job, each one transaction with the job row locked. A worker owns a
 * job through its attempt number: every write after the claim checks that the job is still RUNNING under that
 * attempt, so a worker whose lease was taken over (it stalled, or was thought dead) can no longer write, and a job
 * is completed at most once.
 */
@ApplicationScoped
public class JobLeases {

    @Inject
    WorkerSettings settings;
    @Inject
    Jobs jobs;
    @Inject
    Outbox outbox;

    /** What a claim found: the job to run (with its attempt), a lease to wait out, or nothing to do. */
    public record Claim(TrainingJob job, Instant waitUntil) {
        public boolean run() {
            return job != null && waitUntil == null;
        }
    }

    /** Takes the job if it is queued, or running under an expired lease (its worker died), or already ours. */
    public Uni<Claim> claim(String jobId, String workerId) {
        return Panache.withTransaction(() -> locked(jobId).chain(job -> {
            Instant now = Instant.now();
            if (job == null || job.status.isTerminal()) {
                return Uni.createFrom().item(new Claim(null, null));
            }
            if (job.status == JobStatus.RUNNING && !workerId.equals(job.workerId) && job.leaseExpiresAt != null
                    && job.leaseExpiresAt.isAfter(now)) {
                return Uni.createFrom().item(new Claim(job, job.leaseExpiresAt));
            }
            boolean resumed = job.status == JobStatus.RUNNING;
            job.status = JobStatus.RUNNING;
            job.workerId = workerId;
            job.attempt++;
            job.leaseExpiresAt = now.plus(settings.lease());
            job.heartbeatAt = now;
            job.startedAt = job.startedAt == null ? now : job.startedAt;
            job.updatedAt = now;
            String message = "attempt " + job.attempt + " on " + workerId + (resumed && job.checkpointStep != null
                    ? ", resuming from the checkpoint of step " + job.checkpointStep : "");
            // The steps after the checkpoint run again: the points the dead attempt recorded for them give way to
            // this attempt's, so the curve is the one run that finishes.
            Uni<?> curve = resumed ? JobProgress.forgetAfter(job.id, job.checkpointStep == null ? 0 : job.checkpointStep)
                    : Uni.createFrom().voidItem();
            return curve.chain(() -> jobs.announce(job, message)).replaceWith(new Claim(job, null));
        }));
    }

    /**
     * Renews the lease and records progress, with its point of the loss curve (announced when {@code announce});
     * true if the job was cancelled meanwhile. Fails with {@link LeaseLostException} when the job is no longer ours,
     * so a superseded attempt records no point either.
     */
    public Uni<Boolean> heartbeat(String jobId, int attempt, Consumer<TrainingJob> progress, boolean announce) {
        return Panache.withTransaction(() -> owned(jobId, attempt).chain(job -> {
            progress.accept(job);
            job.leaseExpiresAt = Instant.now().plus(settings.lease());
            job.heartbeatAt = Instant.now();
            job.updatedAt = job.heartbeatAt;
            return JobProgress.record(job, job.heartbeatAt)
                    .chain(() -> announce ? jobs.announce(job, "training") : Uni.createFrom().voidItem())
                    .replaceWith(job.cancelRequested);
        }));
    }

    /** Records a saved checkpoint (its blob is already stored). */
    public Uni<Void> checkpointed(String jobId, int attempt, int step, String address, String checkpoints) {
        return Panache.withTransaction(() -> owned(jobId, attempt).invoke(job -> {
            job.checkpointAddress = address;
            job.checkpointStep = step;
            job.checkpoints = checkpoints;
            job.updatedAt = Instant.now();
        }).replaceWithVoid());
    }

    /** SUCCEEDED with its results, its attribution and both events, in one transaction. */
    public Uni<Void> succeed(String jobId, int attempt, Consumer<TrainingJob> results, JobAttribution attribution,
                             AttributionComputed event) {
        return Panache.withTransaction(() -> owned(jobId, attempt).chain(job -> {
            results.accept(job);
            job.status = JobStatus.SUCCEEDED;
            job.leaseExpiresAt = null;
            job.finishedAt = Instant.now();
            job.updatedAt = job.finishedAt;
            return attribution.persist()
                    .chain(() -> outbox.add(job.id, event))
                    .chain(() -> jobs.announce(job, "succeeded"));
        }));
    }

    /** FAILED or CANCELLED, with the reason. */
    public Uni<Void> end(String jobId, int attempt, JobStatus status, String message) {
        return Panache.withTransaction(() -> owned(jobId, attempt).chain(job -> {
            job.status = status;
            job.message = message;
            job.leaseExpiresAt = null;
            job.finishedAt = Instant.now();
            job.updatedAt = job.finishedAt;
            return jobs.announce(job, message);
        }));
    }

    private Uni<TrainingJob> locked(String jobId) {
        return TrainingJob.<TrainingJob>findById(jobId, LockModeType.PESSIMISTIC_WRITE);
    }

    private Uni<TrainingJob> owned(String jobId, int attempt) {
        return locked(jobId).map(job -> {
            if (job == null || job.status != JobStatus.RUNNING || job.attempt != attempt) {
                throw new LeaseLostException(jobId, attempt);
            }
            return job;
        });
    }

    /** The job moved on without this worker: another attempt owns it, or it was ended. */
    public static class LeaseLostException extends RuntimeException {
        LeaseLostException(String jobId, int attempt) {
            super("job " + jobId + " is no longer owned by attempt " + attempt);
        }
    }
}
