package io.datanet.training.job;

import io.datanet.events.DatanetJson;
import io.datanet.events.JobStatus;
import io.datanet.events.TrainingMethod;
import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;

/**
 * A fine-tuning job: the source of truth of the work queue (the {@code training.jobs} event only says "look at
 * this job"). While RUNNING, the worker named in {@link #workerId} owns it until {@link #leaseExpiresAt};
 * {@link #attempt} is the fencing token that makes a worker whose lease was taken over unable to write.
 */
@Entity
@Table(name = "training_job")
public class TrainingJob extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "datanet_id", nullable = false)
    public String datanetId;
    @Column(name = "snapshot_digest", nullable = false)
    public String snapshotDigest;
    @Column(name = "base_model", nullable = false)
    public String baseModel;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TrainingMethod method;
    /** {@link io.datanet.events.Hyperparameters} as JSON. */
    @Column(nullable = false)
    public String hyperparameters;
    @Column(name = "config_digest", nullable = false)
    public String configDigest;
    @Column(nullable = false)
    public String trigger;
    @Column(name = "requested_by", nullable = false)
    public String requestedBy;
    /** The estimated compute charged to the requester's daily budget ({@link io.datanet.training.limits.ComputeCost}). */
    @Column(name = "compute_cost", nullable = false)
    public long computeCost;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public JobStatus status;
    @Column(name = "cancel_requested", nullable = false)
    public boolean cancelRequested;
    @Column(name = "cancelled_by")
    public String cancelledBy;
    public int step;
    @Column(name = "total_steps")
    public int totalSteps;
    public Double loss;
    @Column(name = "tokens_per_second")
    public Double tokensPerSecond;
    @Column(name = "eta_seconds")
    public Long etaSeconds;
    /** Evaluation figures as a JSON object of numbers (baseLoss, adaptedLoss, perplexities, ...). */
    public String metrics;
    public String message;
    @Column(name = "train_examples")
    public Integer trainExamples;
    @Column(name = "validation_examples")
    public Integer validationExamples;
    @Column(name = "worker_id")
    public String workerId;
    public int attempt;
    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;
    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;
    @Column(name = "checkpoint_address")
    public String checkpointAddress;
    @Column(name = "checkpoint_step")
    public Integer checkpointStep;
    /** Every saved checkpoint in step order: a JSON array of {@code {"step": n, "address": "sha256:..."}}. */
    @Column(nullable = false)
    public String checkpoints = "[]";
    @Column(name = "adapter_config_address")
    public String adapterConfigAddress;
    @Column(name = "adapter_config_sha256")
    public String adapterConfigSha256;
    @Column(name = "adapter_model_address")
    public String adapterModelAddress;
    @Column(name = "adapter_model_sha256")
    public String adapterModelSha256;
    @Column(name = "adapter_digest")
    public String adapterDigest;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** {@link #metrics} read: the evaluation figures by name, none before the job has any. */
    public Map<String, Double> metricValues() {
        return metrics == null ? Map.of() : DatanetJson.read(metrics, new TypeReference<Map<String, Double>>() { });
    }
}
