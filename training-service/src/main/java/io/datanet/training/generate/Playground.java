package io.datanet.training.generate;

import io.datanet.events.Hyperparameters;
import io.datanet.events.TrainingMethod;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.problem.ProblemException;
import io.datanet.trainer.generate.Generation;
import io.datanet.trainer.lora.Adapter;
import io.datanet.trainer.lora.LoraConfig;
import io.datanet.trainer.model.CausalLM;
import io.datanet.trainer.tokenizer.Tokenizer;
import io.datanet.trainer.train.BaseModels;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs generations for the job page's playground: the job's base model, with its adapter loaded from the blob store
 * or without, on a pool of {@link #CONCURRENT} threads of its own (the training worker keeps its cores otherwise).
 * Loaded models are kept, the {@link #KEPT} most recently used, each used by one generation at a time.
 */
@ApplicationScoped
public class Playground {

    private static final Logger LOG = Logger.getLogger(Playground.class);
    /** Generations at once per replica; more are answered 429. */
    static final int CONCURRENT = 2;
    /** Loaded models kept for the next request (a base and an adapted one: the page's two panes). */
    static final int KEPT = 2;

    @Inject
    BlobStore blobs;

    private final Semaphore permits = new Semaphore(CONCURRENT);
    private final ExecutorService threads = Executors.newFixedThreadPool(CONCURRENT, r -> {
        Thread t = new Thread(r, "playground");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Loaded> kept = new LinkedHashMap<>(4, 0.75f, true);

    /** A model ready to generate; one generation at a time holds it. */
    private record Loaded(CausalLM model, Tokenizer tokenizer) {
    }

    /** What the job is, as generation needs it. */
    public record JobModel(String jobId, String baseReference, TrainingMethod method, Hyperparameters hyperparameters,
                    String adapterAddress) {
    }

    /** One piece of the stream: new text, then a last event with the count and why it stopped. */
    public record GenerationEvent(String text, Boolean done, Integer tokens, String stop) {
        static GenerationEvent text(String text) {
            return new GenerationEvent(text, null, null, null);
        }

        static GenerationEvent done(Generation.Result result) {
            return new GenerationEvent(null, true, result.tokens().length, result.stop().name());
        }
    }

    /** A permit, or 429: the replica already generates as much as it may. */
    public void acquire() {
        if (!permits.tryAcquire()) {
            throw new ProblemException(429, "playground-busy", "Too Many Requests",
                    "the playground is generating " + CONCURRENT + " texts already; try again in a moment")
                    .header("Retry-After", "1");
        }
    }

    /** The generation's events, on the playground's threads; the permit {@link #acquire} took is given back at its end. */
    public Multi<GenerationEvent> generate(JobModel job, boolean withAdapter, String prompt, Generation.Settings settings) {
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) permits.release();
        };
        return Multi.createFrom().<GenerationEvent>emitter(emitter -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            emitter.onTermination(() -> cancelled.set(true));
            threads.execute(() -> {
                try {
                    Loaded loaded = load(job, withAdapter);
                    Generation.Result result;
                    synchronized (loaded) {
                        result = Generation.generate(loaded.model(), loaded.tokenizer(), prompt, settings, text -> {
                            if (cancelled.get()) throw new CancellationException("the client went away");
                            emitter.emit(GenerationEvent.text(text));
                        });
                    }
                    emitter.emit(GenerationEvent.done(result));
                    emitter.complete();
                } catch (CancellationException e) {
                    LOG.debugf("generation for job %s stopped: %s", job.jobId(), e.getMessage());
                } catch (RuntimeException | IOException e) {
                    LOG.warnf(e, "generation for job %s failed", job.jobId());
                    emitter.fail(e);
                } finally {
                    release.run();
                }
            });
        });
    }

    private Loaded load(JobModel job, boolean withAdapter) throws IOException {
        String key = withAdapter ? "adapted:" + job.jobId() : "base:" + job.baseReference();
        synchronized (kept) {
            Loaded found = kept.get(key);
            if (found != null) return found;
        }
        CausalLM model = BaseModels.load(job.baseReference());
        if (withAdapter) {
            Hyperparameters h = job.hyperparameters();
            Adapter adapter = Adapter.attach(model, new LoraConfig(h.rank(), (float) h.alpha(), (float) h.dropout(),
                    h.targetModules()), job.method() == TrainingMethod.QLORA, h.seed());
            Path dir = Files.createTempDirectory("datanet-playground-");
            try {
                try (InputStream in = blobs.open(job.adapterAddress())) {
                    Files.copy(in, dir.resolve("adapter_model.safetensors"));
                }
                adapter.loadPeft(dir);
            } finally {
                Files.deleteIfExists(dir.resolve("adapter_model.safetensors"));
                Files.deleteIfExists(dir);
            }
            adapter.setTraining(false, 0);
        }
        Loaded loaded = new Loaded(model, BaseModels.tokenizer(job.baseReference()));
        synchronized (kept) {
            kept.put(key, loaded);
            while (kept.size() > KEPT) kept.remove(kept.keySet().iterator().next());
        }
        return loaded;
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
