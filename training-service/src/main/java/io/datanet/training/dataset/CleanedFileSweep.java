package io.datanet.training.dataset;

import io.datanet.events.UploadValidated;
import io.datanet.platform.blob.ScheduledBlobSweep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Sweeps the cleaned files ({@link UploadValidated#CLEANED_NAMESPACE}): validation-service writes them, and this
 * service is the only one that reads them again (snapshots, training, exports), so it decides when one is no longer
 * needed. A file stays while an upload not withdrawn names it (whatever its verdict: an override may bring it back)
 * or a queued or running job's snapshot does; so a withdrawn or erased upload's records are deleted once the jobs
 * already training on them are done. Exports of a snapshot holding a withdrawn upload are refused from the moment of
 * the withdrawal (see {@code Exports}), so they need no file. A file last written within
 * {@code datanet.blob.sweep.grace} (24 h) stays too: validation writes it before its verdict reaches this service,
 * and writes it again when the same records are judged again. Settings and metric: {@link ScheduledBlobSweep}.
 */
@ApplicationScoped
public class CleanedFileSweep extends ScheduledBlobSweep {

    /** Which of the addresses in {@code $1} something here still needs. */
    static final String NEEDED = "SELECT cleaned_blob_address FROM dataset_upload "
            + "WHERE cleaned_blob_address = ANY($1) AND withdrawn_at IS NULL "
            + "UNION SELECT s.cleaned_blob_address FROM snapshot_upload s "
            + "JOIN training_job j ON j.snapshot_digest = s.snapshot_digest AND j.status IN ('QUEUED', 'RUNNING') "
            + "WHERE s.cleaned_blob_address = ANY($1)";

    @Override
    protected String namespace() {
        return UploadValidated.CLEANED_NAMESPACE;
    }

    @Override
    protected String referencesSql() {
        return NEEDED;
    }

    @Override
    protected Duration defaultGrace() {
        return Duration.ofHours(24);
    }
}
