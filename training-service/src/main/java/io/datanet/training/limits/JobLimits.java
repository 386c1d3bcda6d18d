package io.datanet.training.limits;

import io.datanet.events.Tier;
import io.datanet.platform.db.NativeSelect;
import io.datanet.platform.db.TransactionLocks;
import io.datanet.platform.problem.ProblemException;
import io.datanet.training.JobSettings;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The limits on jobs a person queues: active (queued or running) jobs per datanet and per requester, and a daily
 * compute budget per requester scaled by their reputation tier. {@link #lock} then {@link #check} run in the
 * transaction that queues the job, so the usage read cannot be raced by another request on any replica, and a
 * refusal rolls everything back.
 */
@ApplicationScoped
public class JobLimits {
    /**
     * Advisory lock namespace of datanets: a manual job request and the automatic trigger take it for the datanet,
     * so the per-datanet limit and the one-automatic-job-per-snapshot rule see each other's jobs.
     */
    public static final int DATANET_LOCKS = 0x54524E31; // "TRN1"

    /** Advisory lock namespace of requesters; datanets use the automatic trigger's, so both paths serialise. */
    static final int REQUESTER_LOCKS = 0x54524E32; // "TRN2"

    @Inject
    JobSettings settings;

    /**
     * Serialises the job requests of one requester and of one datanet. Always the requester first, then the
     * datanet; the automatic trigger takes only the datanet's, so no two transactions wait on each other in a cycle.
     */
    public Uni<Void> lock(String requesterId, String datanetId) {
        return TransactionLocks.lock(REQUESTER_LOCKS, requesterId)
                .chain(() -> TransactionLocks.lock(DATANET_LOCKS, datanetId));
    }

    /**
     * Refuses a job of {@code cost} that would break a limit: 429 naming it, 422 for a job larger than the whole
     * daily budget (waiting cannot help). Operators are held only to the datanet's limit: they run the platform and
     * may need to queue a job again after an incident, while a datanet's limit keeps the one worker's queue fair.
     */
    public Uni<Void> check(String requesterId, boolean operator, String datanetId, long cost, Instant now) {
        Instant dayStart = now.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        // Manual jobs only for the requester: automatic ones are requested by "automatic", which a person's
        // token could also name. A job cancelled before it started used no compute and costs nothing.
        return NativeSelect.rows("SELECT "
                        + "(SELECT count(*) FROM training_job WHERE datanet_id = ?1 AND status IN ('QUEUED', 'RUNNING')), "
                        + "(SELECT count(*) FROM training_job WHERE requested_by = ?2 AND trigger = 'MANUAL' "
                        + "AND status IN ('QUEUED', 'RUNNING')), "
                        + "(SELECT coalesce(sum(compute_cost), 0)::bigint FROM training_job WHERE requested_by = ?2 "
                        + "AND trigger = 'MANUAL' AND created_at >= ?3 AND NOT (status = 'CANCELLED' AND started_at IS NULL)), "
                        + "(SELECT tier FROM contributor_tier WHERE contributor_id = ?2)",
                        datanetId, requesterId, dayStart)
                .map(rows -> {
                    Object[] row = rows.get(0);
                    long datanetActive = ((Number) row[0]).longValue();
                    long requesterActive = ((Number) row[1]).longValue();
                    long spent = ((Number) row[2]).longValue();
                    Tier tier = row[3] == null ? Tier.NEW : Tier.valueOf((String) row[3]);
                    JobSettings.Limits limits = settings.limits();
                    if (datanetActive >= limits.activeJobsPerDatanet()) {
                        throw tooMany("active-jobs-per-datanet", limits.activeJobsPerDatanet(), "datanet " + datanetId
                                + " already has " + datanetActive + " queued or running jobs, its limit: wait for one to "
                                + "end or cancel one").with("datanetId", datanetId);
                    }
                    if (operator) {
                        return null;
                    }
                    if (requesterActive >= limits.activeJobsPerRequester()) {
                        throw tooMany("active-jobs-per-requester", limits.activeJobsPerRequester(), "you already have "
                                + requesterActive + " queued or running jobs, your limit: wait for one to end or cancel one");
                    }
                    long budget = budget(tier);
                    Instant resetsAt = dayStart.plus(Duration.ofDays(1));
                    if (cost > budget) {
                        throw new ProblemException(422, "job-too-large", "Unprocessable Content", "this job's "
                                + "estimated compute (" + cost + " units) exceeds a whole day's budget at tier " + tier
                                + " (" + budget + "): ask for fewer epochs or a lower rank")
                                .with("limit", "compute-per-day").with("limitValue", budget).with("cost", cost)
                                .with("tier", tier);
                    }
                    if (spent + cost > budget) {
                        throw tooMany("compute-per-day", budget, "this job's estimated compute (" + cost
                                + " units) and the " + spent + " units of your jobs queued today exceed your daily "
                                + "budget at tier " + tier + " (" + budget + "), which resets at " + resetsAt)
                                .with("cost", cost).with("spentToday", spent).with("tier", tier)
                                .with("resetsAt", resetsAt.toString())
                                .header("Retry-After", Long.toString(Math.max(1, Duration.between(now, resetsAt).toSeconds())));
                    }
                    return null;
                })
                .replaceWithVoid();
    }

    /** The daily compute budget at {@code tier}: the same multipliers as upload-service's quotas. */
    long budget(Tier tier) {
        return Math.max(1, (long) Math.floor(settings.limits().computePerDay() * tier.multiplier()));
    }

    private static ProblemException tooMany(String limit, long limitValue, String detail) {
        return new ProblemException(429, "job-limit", "Too Many Requests", detail).with("limit", limit)
                .with("limitValue", limitValue);
    }
}
