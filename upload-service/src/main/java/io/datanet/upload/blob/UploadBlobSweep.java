package io.datanet.upload.blob;

import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.BlobSweeper;
import io.datanet.upload.upload.UploadService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sweeps the upload namespace of the blob store: a blob no upload still in references, last written longer ago than
 * {@code datanet.blob.sweep.grace}, is removed (a request refused after its file was stored in a race, a crash
 * between storing and recording, and the files of withdrawn and erased uploads). Every {@code datanet.blob.sweep.interval}, one page of
 * {@code datanet.blob.sweep.page-size} blobs; metric {@code datanet_blobs_swept_total{namespace="upload"}}.
 */
@ApplicationScoped
public class UploadBlobSweep {

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
    @ConfigProperty(name = "datanet.blob.sweep.grace", defaultValue = "1h")
    Duration grace;
    @ConfigProperty(name = "datanet.blob.sweep.page-size", defaultValue = "500")
    int pageSize;

    private BlobSweeper sweeper;

    void start(@Observes StartupEvent event) {
        sweeper = new BlobSweeper(blobs, pool, vertx, registry, UploadService.BLOB_NAMESPACE,
                "SELECT blob_address FROM upload WHERE blob_address = ANY($1) AND withdrawn_at IS NULL", grace, pageSize);
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
