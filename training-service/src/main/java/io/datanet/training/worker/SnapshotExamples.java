package io.datanet.training.worker;

import io.datanet.platform.blob.BlobStore;
import io.datanet.trainer.train.Example;
import io.datanet.training.dataset.CleanedFile;
import io.datanet.training.dataset.SnapshotManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The training examples of a snapshot: every record of every upload's cleaned JSONL file (validation-service writes
 * {@code text}, or {@code prompt} and {@code completion}), in manifest order (by upload id) then file order, each
 * with the contributor who uploaded it. The same snapshot always gives the same list.
 */
final class SnapshotExamples {

    private SnapshotExamples() {
    }

    static List<Example> read(SnapshotManifest manifest, BlobStore blobs) throws IOException {
        List<Example> examples = new ArrayList<>();
        for (SnapshotManifest.Entry upload : manifest.uploads()) {
            CleanedFile.forEachRecord(blobs, upload.blobAddress(), record -> {
                String text = record.hasNonNull("text") ? record.get("text").asText()
                        : record.path("prompt").asText() + "\n" + record.path("completion").asText();
                return examples.add(new Example(text, upload.contributorId()));
            });
        }
        return examples;
    }

    /** The seed of a snapshot's train/validation split: from its digest, so the split belongs to the snapshot. */
    static long splitSeed(String snapshotDigest) {
        String hex = snapshotDigest.substring(snapshotDigest.indexOf(':') + 1);
        return Long.parseUnsignedLong(hex.substring(0, 15), 16);
    }
}
