package io.datanet.training.job;

import io.datanet.events.JobStatus;
import io.datanet.platform.db.TransactionLocks;
import io.datanet.training.JobSettings;
import io.datanet.training.dataset.DatasetSnapshot;
import io.datanet.training.dataset.Snapshots;
import io.datanet.training.limits.ComputeCost;
import io.datanet.training.limits.JobLimits;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Queues a job for a datanet that has gained {@code datanet.training.auto.min-new-records} accepted records since
 * the snapshot of its last job, unless one of its jobs is still queued or running. Runs in the transaction of the
 * verdict that made the difference, under a per-datanet lock, so replicas consuming verdicts of the same datanet
 * never queue two jobs for it (and a unique index forbids two automatic jobs on one snapshot).
 */
@ApplicationScoped
public class AutomaticTrigger {

    private static final Logger LOG = Logger.getLogger(AutomaticTrigger.class);

    @Inject
    JobSettings settings;
    @Inject
    Snapshots snapshots;
    @Inject
    Jobs jobs;

    public Uni<Void> consider(String datanetId) {
        if (!settings.auto().enabled()) {
            return Uni.createFrom().voidItem();
        }
        return TransactionLocks.lock(JobLimits.DATANET_LOCKS, datanetId)
                .chain(() -> TrainingJob.<TrainingJob>find("datanetId = ?1 and status in ?2", datanetId,
                        List.of(JobStatus.QUEUED, JobStatus.RUNNING)).count())
                // Only an idle datanet gets an automatic job, so the trigger never takes a datanet past its limit
                // of active jobs (at least 1): one that is busy, or full of its owner's jobs, is skipped, not failed.
                .chain(busy -> busy > 0 ? Uni.createFrom().voidItem() : considerIdle(datanetId));
    }

    private Uni<Void> considerIdle(String datanetId) {
        // One query after the other: a reactive session runs one statement at a time. The baseline is the last
        // job of any outcome: a job its owner cancelled waits for as much new data as a finished one would, or
        // the very next verdict would queue the training they had just cancelled.
        return Panache.getSession().chain(s -> s.createSelectionQuery("select coalesce(sum(recordsAccepted), 0L) "
                        + "from DatasetUpload where datanetId = ?1 and active = true", Long.class)
                        .setParameter(1, datanetId).getSingleResult())
                .chain(current -> TrainingJob.<TrainingJob>find("datanetId = ?1 order by createdAt desc", datanetId)
                        .firstResult()
                        .chain(last -> last == null ? Uni.createFrom().item(0L)
                                : DatasetSnapshot.<DatasetSnapshot>findById(last.snapshotDigest)
                                        .map(s -> (long) s.recordCount))
                        .chain(trained -> current - trained < settings.auto().minNewRecords()
                                ? Uni.createFrom().voidItem() : queue(datanetId, current - trained)));
    }

    private Uni<Void> queue(String datanetId, long gained) {
        // The configured defaults, through the same validation as a manual request.
        JobRequest.Validated request = new JobRequest(datanetId, null, null, null, null, null, null, null, null, null,
                null).validated(settings);
        return snapshots.current(datanetId).chain(snapshot -> {
            LOG.infof("datanet %s gained %d records since its last job: queueing an automatic job on %s",
                    datanetId, gained, snapshot.digest);
            // Its cost is recorded but charged to no one: automatic jobs are bounded by the data a datanet gains.
            return jobs.queue(snapshot, request.baseModel(), request.method(), request.hyperparameters(),
                    Jobs.AUTOMATIC, "automatic", ComputeCost.of(snapshot.recordCount, request.hyperparameters()))
                    .replaceWithVoid()
                    // The same training already exists (queued, running or done): nothing to add.
                    .onFailure(io.datanet.platform.problem.ProblemException.class).recoverWithNull();
        });
    }
}
