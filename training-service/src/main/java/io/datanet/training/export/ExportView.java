package io.datanet.training.export;

import java.time.Instant;
import java.util.List;

/**
 * An export as the API shows it: its files in the layout {@code datasets} loads (download each from {@code href} into
 * a folder at its {@code path}, then {@code load_dataset(folder)}).
 *
 * @param records          the records in its shards
 * @param withdrawnUploads uploads in it that their contributors withdrew (or an operator erased) since it was made;
 *                         when not 0 its files are gone (410) and a new export leaves those uploads out
 */
public record ExportView(String id, String datanetId, String snapshotDigest, String requestedBy, long records,
                         Instant createdAt, long withdrawnUploads, List<File> files) {

    /** @param records records in the file (0 for the dataset card) */
    public record File(String path, long bytes, String sha256, long records, String href) {
    }
}
