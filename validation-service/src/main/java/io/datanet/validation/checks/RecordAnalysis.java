package io.datanet.validation.checks;

import io.datanet.platform.api.TextInput;
import io.datanet.validation.dedup.ExactHash;
import io.datanet.validation.dedup.Fingerprinted;
import io.datanet.validation.dedup.MinHash;
import io.datanet.validation.dedup.Skeleton;
import io.datanet.validation.records.DatasetRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * What the per-record checks found in one record, its fingerprints for duplicate detection and (readable records)
 * its sentence embedding. Computed without any database access (CPU-bound, run off the event loop).
 *
 * @param bandKeys  the near-duplicate index's keys of {@code signature}
 * @param skeleton  the function-word skeleton's signature ({@link Skeleton}), null for a record too short to have one
 * @param skeletonKeys the paraphrase index's keys of {@code skeleton} (none when it is null)
 */
public record RecordAnalysis(DatasetRecord record, List<String> reasons, String exactHash, int[] signature,
                             long[] bandKeys, int[] skeleton, long[] skeletonKeys, float[] embedding)
        implements Fingerprinted {

    public static final String CONTROL_CHARACTERS = "structure.control-characters";

    public static RecordAnalysis of(DatasetRecord record, Thresholds thresholds) {
        if (record.structureError() != null) {
            return new RecordAnalysis(record, List.of(record.structureError()), null, null, null, null, null, null);
        }
        List<String> reasons = new ArrayList<>();
        // The rule client text follows everywhere (no control characters but tab and line breaks, no lone
        // surrogates from JSON escapes): noise a model should never learn from.
        if (TextInput.whyNotText(record.text()) != null) {
            reasons.add(CONTROL_CHARACTERS);
        }
        reasons.addAll(QualityHeuristics.judge(record.text(), thresholds).reasons());
        reasons.addAll(PiiDetector.find(record.text()));
        List<byte[]> words = MinHash.words(record.text());   // one split for both indexes
        int[] signature = MinHash.signature(words);
        int[] skeleton = Skeleton.signature(words);
        return new RecordAnalysis(record, reasons, ExactHash.of(record.text()), signature, MinHash.bandKeys(signature),
                skeleton, Skeleton.bandKeys(skeleton), null);
    }

    /** This analysis with the record's sentence embedding (computed for a whole upload at once). */
    public RecordAnalysis withEmbedding(float[] embedding) {
        return new RecordAnalysis(record, reasons, exactHash, signature, bandKeys, skeleton, skeletonKeys, embedding);
    }

    @Override
    public int recordIndex() {
        return record.index();
    }

    /** Every band key the duplicate index files this record under: its near-duplicate keys, then its skeleton's. */
    @Override
    public long[] indexKeys() {
        long[] keys = java.util.Arrays.copyOf(bandKeys, bandKeys.length + skeletonKeys.length);
        System.arraycopy(skeletonKeys, 0, keys, bandKeys.length, skeletonKeys.length);
        return keys;
    }

}
