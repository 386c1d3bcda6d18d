package io.datanet.training.job;

import io.datanet.platform.db.NativeSelect;
import io.datanet.platform.db.Sql;
import io.datanet.platform.db.TransactionLocks;
import io.datanet.training.JobSettings;
import io.datanet.training.dataset.Snapshots;
import io.datanet.training.basemodel.BaseModelCatalog;
import io.datanet.training.limits.ComputeCost;
import io.datanet.training.limits.JobLimits;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Queues a job for a datanet that has gained {@code datanet.training.auto.min-new-records} accepted records since
 * the snapshot of its last job, unless one of its jobs is still queued or running. The verdict consumer notes a
 * datanet due in the transaction of the verdicts that made the difference ({@link #noteIfDue}, table
 * {@code training_due}); {@link #queueDue} then queues the job under a per-datanet lock, checking again, so replicas
 * never queue two jobs for one datanet (and a unique index forbids two automatic jobs on one snapshot).
 */
@ApplicationScoped
public class AutomaticTrigger {

    private static final Logger LOG = Logger.getLogger(AutomaticTrigger.class);

    @Inject
    JobSettings settings;
    @Inject
    BaseModelCatalog catalog;
    @Inject
    Snapshots snapshots;
    @Inject
    Jobs jobs;

    /**
     * The verdict consumer's look, in its transaction, at a datanet that gained records: notes it due for an automatic
     * job if it is idle and has gained enough since its last job's snapshot. True if it noted it ({@link #queueDue}
     * then queues the job).
     */
    public Uni<Boolean> noteIfDue(Sql transaction, String datanetId) {
        if (!settings.auto().enabled()) {
            return Uni.createFrom().item(false);
        }
        return transaction.first(STANDING, datanetId).chain(row -> !due(row) ? Uni.createFrom().item(false)
                : transaction.update("INSERT INTO training_due (datanet_id) VALUES (?1) ON CONFLICT DO NOTHING",
                        datanetId).replaceWith(true));
    }

    /**
     * Queues the automatic jobs of the datanets noted due, each in a transaction that also deletes its note: after the
     * commit that noted them, and every {@code datanet.training.auto.sweep-interval} for a note whose queueing a stop
     * interrupted. Replicas skip the notes another is queueing.
     */
    @Scheduled(every = "${datanet.training.auto.sweep-interval:10s}", delayed = "${datanet.training.auto.sweep-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> queueDue() {
        return Panache.withSession(() -> NativeSelect.rows("SELECT datanet_id FROM training_due ORDER BY noted_at LIMIT 100"))
                .chain(rows -> Multi.createFrom().iterable(rows)
                        .onItem().transformToUniAndConcatenate(row -> queueNoted((String) row[0])
                                // One datanet's failure leaves its note for the next sweep, not the others waiting.
                                .onFailure().invoke(failure -> LOG.warnf(failure, "automatic job for datanet %s not queued"
                                        + " yet (retried at the next sweep)", row[0]))
                                .onFailure().recoverWithNull())
                        .collect().last())
                .replaceWithVoid();
    }

    /** The datanet's job if it is still due, and its note deleted, in one transaction; skipped if a replica has it. */
    private Uni<Void> queueNoted(String datanetId) {
        return Panache.withTransaction(() -> NativeSelect.rows("SELECT datanet_id FROM training_due WHERE datanet_id = ?1 "
                        + "FOR UPDATE SKIP LOCKED", datanetId)
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().voidItem() : consider(datanetId)
                        .chain(() -> Panache.getSession().chain(session -> session
                                .createNativeMutationQuery("DELETE FROM training_due WHERE datanet_id = ?1")
                                .setParameter(1, datanetId).executeUpdate()))
                        .replaceWithVoid()));
    }

    /** Under the datanet's lock, queues its automatic job if it is (still) due. */
    Uni<Void> consider(String datanetId) {
        return TransactionLocks.lock(JobLimits.DATANET_LOCKS, datanetId)
                .chain(() -> NativeSelect.rows(STANDING, datanetId))
                .chain(rows -> due(rows.get(0)) ? queue(datanetId, gained(rows.get(0))) : Uni.createFrom().voidItem());
    }

    /**
     * A datanet's active jobs, its accepted records now, and those of the snapshot its last job trained on. The
     * baseline is the last job of any outcome: a job its owner cancelled waits for as much new data as a finished
     * one would, or the very next verdict would queue the training they had just cancelled.
     */
    private static final String STANDING = "SELECT "
            + "(SELECT count(*) FROM training_job WHERE datanet_id = ?1 AND status IN ('QUEUED', 'RUNNING')), "
            + "(SELECT coalesce(sum(records_accepted), 0) FROM dataset_upload WHERE datanet_id = ?1 AND active), "
            + "(SELECT s.record_count FROM training_job j JOIN dataset_snapshot s ON s.digest = j.snapshot_digest "
            + "WHERE j.datanet_id = ?1 ORDER BY j.created_at DESC LIMIT 1)";

    /**
     * Only an idle datanet gets an automatic job, so the trigger never takes a datanet past its limit of active jobs
     * (at least 1): one that is busy, or full of its owner's jobs, is skipped, not failed.
     */
    private boolean due(Object[] standing) {
        return ((Number) standing[0]).longValue() == 0 && gained(standing) >= settings.auto().minNewRecords();
    }

    private static long gained(Object[] standing) {
        return ((Number) standing[1]).longValue() - (standing[2] == null ? 0 : ((Number) standing[2]).longValue());
    }

    private Uni<Void> queue(String datanetId, long gained) {
        // The configured defaults, through the same validation as a manual request.
        JobRequest.Validated request = new JobRequest(datanetId, null, null, null, null, null, null, null, null, null,
                null).validated(settings, catalog);
        return snapshots.current(datanetId).chain(snapshot -> {
            LOG.infof("datanet %s gained %d records since its last job: queueing an automatic job on %s",
                    datanetId, gained, snapshot.digest);
            // Its cost is recorded but charged to no one: automatic jobs are bounded by the data a datanet gains.
            return jobs.queue(snapshot, request.baseModel(), request.method(), request.hyperparameters(),
                    Jobs.AUTOMATIC, "automatic", ComputeCost.of(snapshot.recordCount, request.hyperparameters(), request.computeScale()))
                    .replaceWithVoid()
                    // The same training already exists (queued, running or done): nothing to add.
                    .onFailure(io.datanet.platform.problem.ProblemException.class).recoverWithNull();
        });
    }
}
