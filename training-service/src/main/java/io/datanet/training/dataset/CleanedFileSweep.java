package io.datanet.training.dataset;

import io.datanet.events.UploadValidated;
import io.datanet.platform.blob.BlobStore;
import io.datanet.platform.blob.BlobSweeper;
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
 * Sweeps the cleaned files ({@link UploadValidated#CLEANED_NAMESPACE}): validation-service writes them, and this
 * service is the only one that reads them again (snapshots, training, exports), so it decides when one is no longer
 * needed. A file stays while an upload not withdrawn names it (whatever its verdict: an override may bring it back)
 * or a queued or running job's snapshot does; so a withdrawn or erased upload's records are deleted once the jobs
 * already training on them are done. Exports of a snapshot holding a withdrawn upload are refused from the moment of
 * the withdrawal (see {@code Exports}), so they need no file. A file last written within
 * {@code datanet.blob.sweep.grace} (24 h) stays too: validation writes it before its verdict reaches this service,
 * and writes it again when the same records are judged again. Every {@code datanet.blob.sweep.interval}, one page of
 * {@code datanet.blob.sweep.page-size}; metric {@code datanet_blobs_swept_total{namespace="cleaned"}}.
 */
@ApplicationScoped
public class CleanedFileSweep {

    /** Which of the addresses in {@code $1} something here still needs. */
    static final String NEEDED = "SELECT cleaned_blob_address FROM dataset_upload "
            + "WHERE cleaned_blob_address = ANY($1) AND withdrawn_at IS NULL "
            + "UNION SELECT s.cleaned_blob_address FROM snapshot_upload s "
            + "JOIN training_job j ON j.snapshot_digest = s.snapshot_digest AND j.status IN ('QUEUED', 'RUNNING') "
            + "WHERE s.cleaned_blob_address = ANY($1)";

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
    @ConfigProperty(name = "datanet.blob.sweep.grace", defaultValue = "24h")
    Duration grace;
    @ConfigProperty(name = "datanet.blob.sweep.page-size", defaultValue = "500")
    int pageSize;

    private BlobSweeper sweeper;

    void start(@Observes StartupEvent event) {
        sweeper = new BlobSweeper(blobs, pool, vertx, registry, UploadValidated.CLEANED_NAMESPACE, NEEDED, grace,
                pageSize);
        if (enabled) {
            sweeper.start(interval);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (sweeper != null) {
            sweeper.stop();
        }
    }

    /** One round now (tests; an operator's tooling): how many files it removed. */
    public Uni<Integer> sweepOnce() {
        return sweeper.sweepOnce();
    }
}
