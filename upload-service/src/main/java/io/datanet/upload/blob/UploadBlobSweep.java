package io.datanet.upload.blob;

import io.datanet.platform.blob.ScheduledBlobSweep;
import io.datanet.upload.files.UploadService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Sweeps the upload namespace of the blob store: a blob no upload still in references, last written longer ago than
 * the grace period (1 h), is removed (a request refused after its file was stored in a race, a crash between storing
 * and recording, and the files of withdrawn and erased uploads). Settings and metric: {@link ScheduledBlobSweep}.
 */
@ApplicationScoped
public class UploadBlobSweep extends ScheduledBlobSweep {

    @Override
    protected String namespace() {
        return UploadService.BLOB_NAMESPACE;
    }

    @Override
    protected String referencesSql() {
        return "SELECT blob_address FROM upload WHERE blob_address = ANY($1) AND withdrawn_at IS NULL";
    }

    @Override
    protected Duration defaultGrace() {
        return Duration.ofHours(1);
    }
}
