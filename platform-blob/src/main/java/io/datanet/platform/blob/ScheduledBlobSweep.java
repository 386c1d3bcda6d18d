package io.datanet.platform.blob;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A service's {@link BlobSweeper} of one namespace, run every {@code datanet.blob.sweep.interval} (10 min) on a page
 * of {@code datanet.blob.sweep.page-size} (500) blobs, unless {@code datanet.blob.sweep.enabled} is false; a blob
 * last written within {@code datanet.blob.sweep.grace} (default per namespace: {@link #defaultGrace}) stays. A
 * subclass names the namespace and what references a blob there; metric
 * {@code datanet_blobs_swept_total{namespace}}.
 */
public abstract class ScheduledBlobSweep {

    @Inject
    BlobStore blobs;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "datanet.blob.sweep.enabled", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "datanet.blob.sweep.interval", defaultValue = "10m")
    Duration interval;
    @ConfigProperty(name = "datanet.blob.sweep.grace")
    Optional<Duration> grace;
    @ConfigProperty(name = "datanet.blob.sweep.page-size", defaultValue = "500")
    int pageSize;

    private BlobSweeper sweeper;

    /** The namespace swept. */
    protected abstract String namespace();

    /** Which of the addresses in {@code $1} (a text[]) are still referenced: see {@link BlobSweeper}. */
    protected abstract String referencesSql();

    /** How long a blob nothing references yet is left alone, unless configured. */
    protected abstract Duration defaultGrace();

    void start(@Observes StartupEvent event) {
        sweeper = new BlobSweeper(blobs, pool, vertx, registry, namespace(), referencesSql(),
                grace.orElse(defaultGrace()), pageSize);
        if (enabled) {
            sweeper.start(interval);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (sweeper != null) {
            sweeper.stop();
        }
    }

    /** One round now (tests; an operator's tooling): how many blobs it removed. */
    public Uni<Integer> sweepOnce() {
        return sweeper.sweepOnce();
    }
}
