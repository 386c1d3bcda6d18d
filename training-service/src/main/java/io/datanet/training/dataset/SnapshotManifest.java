package io.datanet.training.dataset;

import io.datanet.training.Digests;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What a snapshot is: a datanet's accepted uploads at one moment (sorted by upload id), the SHA-256 of each
 * cleaned file, and the validation fraction of the split. The digest is the SHA-256 of a canonical text of all of
 * it, so two snapshots with the same digest train on the same bytes with the same train/validation split.
 */
public record SnapshotManifest(String datanetId, double validationFraction, List<Entry> uploads) {

    public record Entry(String uploadId, String contributorId, String blobAddress, String sha256, int records) {
    }

    public SnapshotManifest {
        uploads = uploads.stream().sorted(Comparator.comparing(Entry::uploadId)).toList();
    }

    public int recordCount() {
        return uploads.stream().mapToInt(Entry::records).sum();
    }

    /** {@code sha256:<hex>} of the canonical text. */
    public String digest() {
        StringBuilder canonical = new StringBuilder("datanet-snapshot v1\n")
                .append("datanet ").append(datanetId).append('\n')
                .append("validation-fraction ").append(String.format(Locale.ROOT, "%.6f", validationFraction)).append('\n');
        for (Entry e : uploads) {
            canonical.append("upload ").append(e.uploadId()).append(' ').append(e.contributorId()).append(' ')
                    .append(e.sha256()).append(' ').append(e.records()).append('\n');
        }
        return Digests.sha256(canonical.toString());
    }
}
