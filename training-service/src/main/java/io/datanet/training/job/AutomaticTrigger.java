package io.datanet.training.job;

import io.datanet.platform.db.NativeSelect;
import io.datanet.platform.db.TransactionLocks;
import io.datanet.training.JobSettings;
import io.datanet.training.dataset.Snapshots;
import io.datanet.training.limits.ComputeCost;
import io.datanet.training.limits.JobLimits;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
        // Under the datanet's lock, one statement: its active jobs, its accepted records now, and those of the
        // snapshot its last job trained on. The baseline is the last job of any outcome: a job its owner cancelled
        // waits for as much new data as a finished one would, or the very next verdict would queue the training
        // they had just cancelled.
        return TransactionLocks.lock(JobLimits.DATANET_LOCKS, datanetId)
                .chain(() -> NativeSelect.rows("SELECT "
                        + "(SELECT count(*) FROM training_job WHERE datanet_id = ?1 AND status IN ('QUEUED', 'RUNNING')), "
                        + "(SELECT coalesce(sum(records_accepted), 0) FROM dataset_upload WHERE datanet_id = ?1 AND active), "
                        + "(SELECT s.record_count FROM training_job j JOIN dataset_snapshot s ON s.digest = j.snapshot_digest "
                        + "WHERE j.datanet_id = ?1 ORDER BY j.created_at DESC LIMIT 1)", datanetId))
                .chain(rows -> {
                    Object[] row = rows.get(0);
                    long busy = ((Number) row[0]).longValue();
                    long current = ((Number) row[1]).longValue();
                    long trained = row[2] == null ? 0 : ((Number) row[2]).longValue();
                    // Only an idle datanet gets an automatic job, so the trigger never takes a datanet past its limit
                    // of active jobs (at least 1): one that is busy, or full of its owner's jobs, is skipped, not failed.
                    return busy > 0 || current - trained < settings.auto().minNewRecords()
                            ? Uni.createFrom().voidItem() : queue(datanetId, current - trained);
                });
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
