package io.datanet.training.export;

import java.time.Instant;
import java.util.List;

/**
 * An export as the API shows it: its files in the layout {@code datasets} loads (download each from {@code href} into
 * a folder at its {@code path}, then {@code load_dataset(folder)}).
 *
 * @param records the records in its shards
 */
public record ExportView(String id, String datanetId, String snapshotDigest, String requestedBy, long records,
                         Instant createdAt, List<File> files) {

    /** @param records records in the file (0 for the dataset card) */
    public record File(String path, long bytes, String sha256, long records, String href) {
    }
}
