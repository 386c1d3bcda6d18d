package io.datanet.validation.checks;

import io.datanet.validation.dedup.IndexedRecord;
import io.datanet.validation.dedup.MinHash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the per-record analyses of an upload, plus what the datanet already accepted, into the verdict: duplicate
 * reasons (within the upload and against the datanet; a copy of another contributor's record is also flagged
 * {@code duplicate.cross-contributor}), relevance to the datanet's topic, counts per reason, the quality score and
 * the accepted records.
 */
public final class UploadVerdict {

    public record RecordResult(int record, List<String> reasons) {
    }

    /**
     * @param qualityScore share of the upload's characters in records that passed every check, in [0,1]
     */
    public record Outcome(boolean passes, double qualityScore, int recordsTotal, int recordsAccepted,
                          Map<String, Integer> reasonCounts, List<RecordResult> rejected, List<RecordAnalysis> accepted) {
    }

    private UploadVerdict() {
    }

    /** Without a topic: no record is judged for relevance. */
    public static Outcome decide(List<RecordAnalysis> analyses, String contributorId, List<IndexedRecord> datanetMatches,
                                 double acceptanceThreshold, double nearDuplicateJaccard) {
        return decide(analyses, contributorId, datanetMatches, acceptanceThreshold, nearDuplicateJaccard, null);
    }

    /** @param relevance the datanet's topic, or null to judge no record's relevance */
    public static Outcome decide(List<RecordAnalysis> analyses, String contributorId, List<IndexedRecord> datanetMatches,
                                 double acceptanceThreshold, double nearDuplicateJaccard, TopicRelevance relevance) {
        Map<String, IndexedRecord> exactInDatanet = new HashMap<>();
        Map<Long, List<IndexedRecord>> bandsInDatanet = new HashMap<>();
        for (IndexedRecord indexed : datanetMatches) {
            exactInDatanet.putIfAbsent(indexed.exactHash(), indexed);
            for (long key : MinHash.bandKeys(indexed.signature())) {
                bandsInDatanet.computeIfAbsent(key, k -> new ArrayList<>()).add(indexed);
            }
        }
        Map<String, RecordAnalysis> exactInUpload = new HashMap<>();
        Map<Long, List<RecordAnalysis>> bandsInUpload = new HashMap<>();
        Map<String, Integer> reasonCounts = new TreeMap<>();
        List<RecordResult> rejected = new ArrayList<>();
        List<RecordAnalysis> accepted = new ArrayList<>();
        long totalChars = 0;
        long acceptedChars = 0;
        for (RecordAnalysis analysis : analyses) {
            List<String> reasons = new ArrayList<>(analysis.reasons());
            if (analysis.readable()) {
                duplicateReasons(analysis, contributorId, exactInDatanet, bandsInDatanet, exactInUpload, bandsInUpload,
                        nearDuplicateJaccard, reasons);
                if (relevance != null && analysis.embedding() != null && relevance.offTopic(analysis.embedding())) {
                    reasons.add(TopicRelevance.OFF_TOPIC);
                }
                exactInUpload.putIfAbsent(analysis.exactHash(), analysis);
                for (long key : analysis.bandKeys()) {
                    bandsInUpload.computeIfAbsent(key, k -> new ArrayList<>()).add(analysis);
                }
            }
            int chars = Math.max(1, analysis.record().text().length());
            totalChars += chars;
            if (reasons.isEmpty()) {
                accepted.add(analysis);
                acceptedChars += chars;
            } else {
                List<String> unique = reasons.stream().distinct().toList();
                unique.forEach(r -> reasonCounts.merge(r, 1, Integer::sum));
                rejected.add(new RecordResult(analysis.record().index(), unique));
            }
        }
        int total = analyses.size();
        if (total == 0) {
            reasonCounts.put("structure.empty", 1);
        }
        boolean passes = total > 0 && (double) accepted.size() / total >= acceptanceThreshold;
        double score = totalChars == 0 ? 0 : (double) acceptedChars / totalChars;
        return new Outcome(passes, score, total, accepted.size(), reasonCounts, rejected, accepted);
    }

    private static void duplicateReasons(RecordAnalysis analysis, String contributorId,
                                         Map<String, IndexedRecord> exactInDatanet,
                                         Map<Long, List<IndexedRecord>> bandsInDatanet,
                                         Map<String, RecordAnalysis> exactInUpload,
                                         Map<Long, List<RecordAnalysis>> bandsInUpload,
                                         double jaccard, List<String> reasons) {
        IndexedRecord exact = exactInDatanet.get(analysis.exactHash());
        if (exact != null || exactInUpload.containsKey(analysis.exactHash())) {
            reasons.add("duplicate.exact");
            if (exact != null && !exact.contributorId().equals(contributorId)) {
                reasons.add("duplicate.cross-contributor");
            }
            return;
        }
        for (long key : analysis.bandKeys()) {
            for (IndexedRecord candidate : bandsInDatanet.getOrDefault(key, List.of())) {
                if (MinHash.similarity(analysis.signature(), candidate.signature()) >= jaccard) {
                    reasons.add("duplicate.near");
                    if (!candidate.contributorId().equals(contributorId)) {
                        reasons.add("duplicate.cross-contributor");
                    }
                    return;
                }
            }
            for (RecordAnalysis earlier : bandsInUpload.getOrDefault(key, List.of())) {
                if (MinHash.similarity(analysis.signature(), earlier.signature()) >= jaccard) {
                    reasons.add("duplicate.near");
                    return;
                }
            }
        }
    }
}
