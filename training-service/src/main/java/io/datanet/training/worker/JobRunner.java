package io.datanet.training.worker;

import io.datanet.events.DatanetJson;
import io.datanet.events.AttributionComputed;
import io.datanet.events.ContributorInfluence;
import io.datanet.events.Hyperparameters;
import io.datanet.events.JobStatus;
import io.datanet.events.TrainingMethod;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.StoredBlob;
import io.datanet.trainer.attribution.Attribution;
import io.datanet.trainer.attribution.Attribution.Algorithm;
import io.datanet.trainer.attribution.Attribution.Result;
import io.datanet.trainer.train.Example;
import io.datanet.trainer.train.Method;
import io.datanet.trainer.train.Trainer;
import io.datanet.trainer.train.TrainingConfig;
import io.datanet.trainer.train.TrainingDivergedException;
import io.datanet.trainer.train.TrainingResult;
import io.datanet.training.basemodel.BaseModelCatalog;
import io.datanet.training.dataset.SnapshotManifest;
import io.datanet.training.dataset.Snapshots;
import io.datanet.training.job.JobAttribution;
import io.datanet.training.job.TrainingJob;
import io.datanet.training.worker.JobLeases.Claim;
import io.datanet.training.worker.JobLeases.LeaseLostException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs one job to its end on the calling (worker) thread: claim it, train on its snapshot with checkpoints in the
 * blob store, evaluate, export the PEFT adapter, compute attribution, and record it all with its events. Each step
 * that touches the database is its own short transaction under the job's lease; training itself holds none.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    /** This process, as named in the jobs it owns. */
    final String workerId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    BaseModelCatalog catalog;
    @Inject
    JobLeases leases;
    @Inject
    Snapshots snapshots;
    @Inject
    BlobStore blobs;
    @Inject
    WorkerSettings settings;
    @Inject
    MeterRegistry registry;

    /** Stops a run from its progress callback. */
    private static final class Stop extends RuntimeException {
        final JobStatus status;

        Stop(JobStatus status, String message) {
            super(message);
            this.status = status;
        }
    }

    public void run(String jobId) throws Exception {
        Claim claim = await(() -> leases.claim(jobId, workerId));
        while (claim.job() != null && !claim.run()) {
            // Another worker holds a live lease: it may be alive (then it finishes and our claim finds the job done)
            // or dead (then its lease runs out and the job is ours to resume).
            long wait = Math.max(200, Duration.between(Instant.now(), claim.waitUntil()).toMillis() + 200);
            LOG.infof("job %s is leased by %s until %s; waiting", jobId, claim.job().workerId, claim.waitUntil());
            Thread.sleep(wait);
            claim = await(() -> leases.claim(jobId, workerId));
        }
        if (claim.job() == null) {
            LOG.infof("job %s is already finished; nothing to do", jobId);
            return;
        }
        TrainingJob job = claim.job();
        int attempt = job.attempt;
        long started = System.nanoTime();
        JobStatus ended = null;
        try {
            double tokensPerSecond = train(job, attempt);
            ended = JobStatus.SUCCEEDED;
            registry.summary("datanet.training.tokens.per.second", "method", job.method.name()).record(tokensPerSecond);
        } catch (LeaseLostException e) {
            LOG.warnf("job %s: %s; leaving it to its new owner", jobId, e.getMessage());
        } catch (Stop e) {
            ended = e.status;
            endQuietly(jobId, attempt, e.status, e.getMessage());
        } catch (TrainingDivergedException e) {
            // The job's settings, not the service, are at fault: no stack trace, the reason goes to the owner.
            LOG.warnf("job %s: %s", jobId, e.getMessage());
            ended = JobStatus.FAILED;
            endQuietly(jobId, attempt, JobStatus.FAILED, e.getMessage());
        } catch (Exception e) {
            LOG.errorf(e, "job %s failed", jobId);
            ended = JobStatus.FAILED;
            endQuietly(jobId, attempt, JobStatus.FAILED, "failed: " + e.getMessage());
        }
        if (ended != null) {
            // This attempt's run (a resumed job counts from its resumption), by how it ended.
            registry.timer("datanet.training.job.duration", "method", job.method.name(), "status", ended.name())
                    .record(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Trains, attributes and records the job; its training throughput (tokens/s). */
    private double train(TrainingJob job, int attempt) throws Exception {
        SnapshotManifest manifest = await(() -> Panache.withSession(() -> snapshots.manifest(job.snapshotDigest)));
        SnapshotExamples.Read read = SnapshotExamples.read(manifest, blobs, catalog.chatTemplate(job.baseModel));
        List<Example> examples = read.examples();
        Trainer.Split split = Trainer.split(examples, (float) manifest.validationFraction(),
                SnapshotExamples.splitSeed(job.snapshotDigest));
        TrainingConfig config = config(job);
        BlobCheckpointStore checkpoints = new BlobCheckpointStore(blobs, job.checkpoints,
                (step, address, all) -> await(() -> leases.checkpointed(job.id, attempt, step, address, all)));

        Instant started = Instant.now();
        Instant[] lastBeat = {started};
        int firstStep = job.checkpointStep == null ? 0 : job.checkpointStep;
        TrainingResult result = Trainer.fineTune(config, split.train(), split.validation(), progress -> {
            Instant now = Instant.now();
            if (Duration.between(lastBeat[0], now).compareTo(settings.heartbeat()) < 0
                    && progress.step() < progress.totalSteps()) {
                return;
            }
            lastBeat[0] = now;
            double perStep = Duration.between(started, now).toMillis() / 1000.0 / Math.max(1, progress.step() - firstStep);
            boolean cancelled = awaitUnchecked(() -> leases.heartbeat(job.id, attempt, j -> {
                j.step = progress.step();
                j.totalSteps = progress.totalSteps();
                j.loss = progress.loss();
                j.tokensPerSecond = progress.tokensPerSecond();
                j.etaSeconds = Math.round(perStep * (progress.totalSteps() - progress.step()));
            }, true));
            if (cancelled) {
                throw new Stop(JobStatus.CANCELLED, "cancelled at step " + progress.step());
            }
        }, checkpoints);

        Result attribution = Attribution.compute(Algorithm.TRACIN, config,
                split.train(), split.validation(), checkpoints.all());
        Stored adapter = exportAdapter(result, job.baseModel);
        StoredBlob record = put(DatanetJson.mapper().writeValueAsBytes(attribution.record()));

        Instant computedAt = Instant.now();
        List<ContributorInfluence> contributors = attribution.contributors().stream()
                .map(c -> new ContributorInfluence(c.contributorId(), c.influence(), c.share())).toList();
        JobAttribution row = new JobAttribution();
        row.jobId = job.id;
        row.datanetId = job.datanetId;
        row.snapshotDigest = job.snapshotDigest;
        row.adapterDigest = adapter.model.address();
        row.method = "tracin";
        row.contributors = DatanetJson.write(contributors);
        row.examplesAddress = record.address();
        row.computedAt = computedAt;
        AttributionComputed event = new AttributionComputed(job.id, job.datanetId, job.snapshotDigest,
                adapter.model.address(), "tracin", contributors,
                UploadInfluences.of(manifest, split.train(), split.validation(), attribution.examples()), computedAt);
        Map<String, Double> metrics = metrics(result);
        metrics.put("conversations", (double) read.conversations());
        metrics.put("conversationsInChatTemplate", (double) read.inChatTemplate());
        await(() -> leases.succeed(job.id, attempt, j -> {
            j.step = result.steps();
            j.totalSteps = result.steps();
            j.loss = result.finalTrainLoss();
            j.tokensPerSecond = result.tokensPerSecond();
            j.etaSeconds = 0L;
            j.metrics = DatanetJson.write(metrics);
            j.trainExamples = split.train().size();
            j.validationExamples = split.validation().size();
            j.adapterConfigAddress = adapter.config.address();
            j.adapterConfigSha256 = adapter.config.sha256();
            j.adapterModelAddress = adapter.model.address();
            j.adapterModelSha256 = adapter.model.sha256();
            j.adapterDigest = adapter.model.address();
        }, row, event));
        LOG.infof("job %s succeeded: validation loss %.4f -> %.4f", job.id, result.base().loss(), result.adapted().loss());
        return result.tokensPerSecond();
    }

    /** The job's settings as the trainer's config, its base model as the catalog finds it now. */
    TrainingConfig config(TrainingJob job) {
        Hyperparameters h = DatanetJson.read(job.hyperparameters, Hyperparameters.class);
        String base = catalog.reference(job.baseModel).orElseThrow(() -> new IllegalStateException(
                "base model " + job.baseModel + " is no longer offered (its folder was removed or became unusable)"));
        return TrainingConfig.builder(base)
                .method(job.method == TrainingMethod.QLORA ? Method.QLORA : Method.LORA)
                .lora(h.rank(), (float) h.alpha(), (float) h.dropout(), h.targetModules())
                .lr((float) h.learningRate())
                .epochs(h.epochs())
                .microBatch(h.batchSize())
                .seed(h.seed())
                .seqLen(settings.seqLen())
                .checkpointEvery(settings.checkpointEvery())
                .build();
    }

    private static Map<String, Double> metrics(TrainingResult result) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("baseLoss", result.base().loss());
        m.put("basePerplexity", result.base().perplexity());
        m.put("quantizedBaseLoss", result.quantizedBase().loss());
        m.put("adaptedLoss", result.adapted().loss());
        m.put("adaptedPerplexity", result.adapted().perplexity());
        m.put("trainTokens", (double) result.trainTokens());
        m.put("trainableParameters", (double) result.trainableParameters());
        m.put("baseWeightBytes", (double) result.baseWeightBytes());
        m.put("resumedFromStep", (double) result.resumedFromStep());
        return m;
    }

    private record Stored(StoredBlob config, StoredBlob model) {
    }

    /** adapter_config.json and adapter_model.safetensors in the PEFT layout, into the blob store. */
    private Stored exportAdapter(TrainingResult result, String baseModel) throws IOException {
        Path dir = Files.createTempDirectory("datanet-adapter-");
        try {
            result.adapter().savePeft(dir, baseModel, Map.of("format", "pt"));
            return new Stored(put(Files.readAllBytes(dir.resolve("adapter_config.json"))),
                    put(Files.readAllBytes(dir.resolve("adapter_model.safetensors"))));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private StoredBlob put(byte[] bytes) throws IOException {
        return blobs.put(new ByteArrayInputStream(bytes), bytes.length);
    }

    private void endQuietly(String jobId, int attempt, JobStatus status, String message) {
        try {
            await(() -> leases.end(jobId, attempt, status, message));
        } catch (Exception e) {
            LOG.warnf("job %s could not be marked %s: %s", jobId, status, e.getMessage());
        }
    }

    /** Runs a reactive database step from this worker thread, on a Vert.x context of its own. */
    private static <T> T await(Supplier<Uni<T>> work) throws IOException {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }

    private static <T> T awaitUnchecked(Supplier<Uni<T>> work) {
        try {
            return await(work);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
