package io.datanet.training.job;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One point of a job's training loss curve, recorded by its worker's progress heartbeat. A job has at most one point
 * per step: when a resumed attempt re-runs steps after its checkpoint, its points replace the dead attempt's.
 */
@Entity
@Table(name = "job_progress")
@IdClass(JobProgress.Key.class)
public class JobProgress extends PanacheEntityBase {

    public record Key(String jobId, int step) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    @Id
    @Column(name = "job_id")
    public String jobId;
    @Id
    public int step;
    @Column(nullable = false)
    public double loss;
    @Column(name = "tokens_per_second")
    public Double tokensPerSecond;
    /** The attempt that recorded it. */
    @Column(nullable = false)
    public int attempt;
    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    /**
     * Records the job's current step and loss, in the caller's transaction (the heartbeat's, with the job row locked,
     * so no other write to this job's points runs at the same time); the same step again replaces its point. A loss
     * that is not a number (a diverged run) is not a point a curve can draw, nor one JSON can carry, so it is left out.
     */
    public static Uni<Void> record(TrainingJob job, Instant at) {
        if (job.step < 1 || job.loss == null || !Double.isFinite(job.loss)) {
            return Uni.createFrom().voidItem();
        }
        return JobProgress.<JobProgress>findById(new Key(job.id, job.step)).chain(existing -> {
            JobProgress point = existing != null ? existing : new JobProgress();
            point.jobId = job.id;
            point.step = job.step;
            point.loss = job.loss;
            point.tokensPerSecond = job.tokensPerSecond != null && Double.isFinite(job.tokensPerSecond)
                    ? job.tokensPerSecond : null;
            point.attempt = job.attempt;
            point.recordedAt = at;
            return existing != null ? Uni.createFrom().voidItem() : point.persist().replaceWithVoid();
        });
    }

    /** Forgets the points after {@code step}: a resumed attempt re-runs those steps from its checkpoint. */
    public static Uni<Long> forgetAfter(String jobId, int step) {
        return JobProgress.delete("jobId = ?1 and step > ?2", jobId, step);
    }

    /** Every point of the job, in step order. */
    public static Uni<List<JobProgress>> of(String jobId) {
        return JobProgress.<JobProgress>find("jobId", Sort.by("step"), jobId).list();
    }

    /**
     * At most {@code max} (at least 2) of {@code points}, evenly spaced by position, the first and last always among
     * them: a curve of a few hundred points looks the same as one of tens of thousands, and costs a client far less.
     */
    public static <T> List<T> thinned(List<T> points, int max) {
        int n = points.size();
        if (n <= max) {
            return points;
        }
        // k * (n-1)/(max-1) for k = 0..max-1, rounded: 0 and n-1 at the ends, distinct in between since the spacing
        // (n-1)/(max-1) is more than 1.
        List<T> kept = new ArrayList<>(max);
        for (int k = 0; k < max; k++) {
            kept.add(points.get((int) Math.round((double) k * (n - 1) / (max - 1))));
        }
        return kept;
    }
}
