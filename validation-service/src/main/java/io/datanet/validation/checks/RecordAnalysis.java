package io.datanet.validation.checks;

import io.datanet.validation.dedup.ExactHash;
import io.datanet.validation.dedup.MinHash;
import io.datanet.validation.records.DatasetRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * What the per-record checks found in one record, and its fingerprints for duplicate detection. Computed without
 * any database access (CPU-bound, run off the event loop).
 */
public record RecordAnalysis(DatasetRecord record, List<String> reasons, String exactHash, int[] signature,
                             long[] bandKeys) {

    public static RecordAnalysis of(DatasetRecord record, Thresholds thresholds) {
        if (record.structureError() != null) {
            return new RecordAnalysis(record, List.of(record.structureError()), null, null, null);
        }
        List<String> reasons = new ArrayList<>();
        if (HiddenCharacters.present(record.text())) {
            reasons.add(HiddenCharacters.REASON);
        }
        reasons.addAll(QualityHeuristics.judge(record.text(), thresholds).reasons());
        reasons.addAll(PiiDetector.find(record.text()));
        int[] signature = MinHash.signature(record.text());
        return new RecordAnalysis(record, reasons, ExactHash.of(record.text()), signature, MinHash.bandKeys(signature));
    }

    public boolean readable() {
        return exactHash != null;
    }
}
