package io.datanet.events;

import java.time.Instant;
import java.util.List;

/**
 * A datanet's accepted data was exported: who took which snapshot out, and the exact files they could download (the
 * dataset card and the record shards, each with its size and SHA-256), so an auditor can tell what left the platform.
 *
 * @param records the records in the shards, every contributor's accepted records of the snapshot
 */
public record ExportCreated(String exportId, String datanetId, String snapshotDigest, String requestedBy, long records,
                            List<File> files, Instant createdAt) {

    /** One file of an export, by its path in the dataset's layout (e.g. {@code text/train-00000-of-00001.jsonl}). */
    public record File(String path, long bytes, String sha256, long records) {
    }

    public ExportCreated {
        Require.text(exportId, "exportId");
        Require.text(datanetId, "datanetId");
        Require.text(snapshotDigest, "snapshotDigest");
        Require.text(requestedBy, "requestedBy");
        files = files == null ? List.of() : List.copyOf(files);
    }
}
