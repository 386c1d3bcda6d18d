package io.datanet.training.worker;

import io.datanet.events.UploadInfluence;
import io.datanet.trainer.attribution.Attribution.ExampleInfluence;
import io.datanet.trainer.train.Example;
import io.datanet.training.dataset.SnapshotManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attribution per upload: every upload of the snapshot (in manifest order), how many of its records trained and
 * how many measured the adapter, and the summed influence of those that trained it. Summed in training order, as the
 * trainer sums a contributor's, so a contributor's influence is the sum over their uploads.
 */
final class UploadInfluences {

    private UploadInfluences() {
    }

    /** {@code influences} index {@code train}; every example's source is an upload id of {@code manifest}. */
    static List<UploadInfluence> of(SnapshotManifest manifest, List<Example> train, List<Example> validation,
                                    List<ExampleInfluence> influences) {
        Map<String, double[]> tallies = new LinkedHashMap<>();   // upload id -> [train, validation, influence]
        manifest.uploads().forEach(upload -> tallies.put(upload.uploadId(), new double[3]));
        train.forEach(example -> tally(tallies, example)[0]++);
        validation.forEach(example -> tally(tallies, example)[1]++);
        for (ExampleInfluence influence : influences) {
            tally(tallies, train.get(influence.index()))[2] += influence.influence();
        }
        List<UploadInfluence> uploads = new ArrayList<>();
        for (SnapshotManifest.Entry upload : manifest.uploads()) {
            double[] t = tallies.get(upload.uploadId());
            uploads.add(new UploadInfluence(upload.uploadId(), upload.contributorId(), (int) t[0], (int) t[1], t[2]));
        }
        return uploads;
    }

    private static double[] tally(Map<String, double[]> tallies, Example example) {
        double[] tally = tallies.get(example.source());
        if (tally == null) {
            throw new IllegalStateException("an example from " + example.source() + ", which is not in the snapshot");
        }
        return tally;
    }
}
