package io.datanet.validation.checks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.datanet.events.ReviewMode;
import io.datanet.events.Verdict;
import io.datanet.validation.dedup.IndexedRecord;
import io.datanet.validation.dedup.MinHash;
import io.datanet.validation.dedup.Skeleton;
import io.datanet.validation.meaning.Vectors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the per-record analyses of an upload, plus what the datanet already accepted, into the verdict: duplicate
 * reasons (within the upload and against the datanet: the same text, a near copy or a paraphrase; a duplicate of
 * another contributor's record is also flagged {@code duplicate.cross-contributor}), relevance to the datanet's topic,
 * counts per reason, the quality score and the accepted records.
 */
public final class UploadVerdict {

    /**
     * A rejected record and why.
     *
     * @param copyOf for a duplicate of another contributor's accepted record, that record (sybil evidence: who
     *               copied whom); null otherwise
     */
    public record RecordResult(int record, List<String> reasons,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Original copyOf) {
        public RecordResult(int record, List<String> reasons) {
            this(record, reasons, null);
        }
    }

    /** Another contributor's accepted record that a rejected record duplicates, and how ({@code duplicate.*}). */
    public record Original(String contributorId, String uploadId, int record, String kind) {
    }

    /**
     * @param qualityScore share of the upload's characters in records that passed every check, in [0,1]
     */
    public record Outcome(boolean passes, double qualityScore, int recordsTotal, int recordsAccepted,
                          Map<String, Integer> reasonCounts, List<RecordResult> rejected, List<RecordAnalysis> accepted) {
    }

    /** The verdict an upload gets from validation, and the counts of reasons its report and event carry. */
    public record Decision(Verdict verdict, Map<String, Integer> reasonCounts) {
    }

    private UploadVerdict() {
    }

    /**
     * The verdict, in one place: a file that could not be read is REJECTED for its one reason (no records were read,
     * so a record-level "structure.empty" would only repeat it); an upload whose records fall short of the datanet's
     * acceptance threshold is REJECTED; one that passes waits for the owner when the datanet reviews its uploads
     * ({@link ReviewMode#OWNER}), else is ACCEPTED.
     *
     * @param fileError why the file could not be read, or null when its records were judged ({@code outcome})
     */
    public static Decision verdict(Outcome outcome, FileError fileError, ReviewMode reviewMode) {
        if (fileError != null) {
            return new Decision(Verdict.REJECTED, new TreeMap<>(Map.of(fileError.reasonCode(), 1)));
        }
        Verdict verdict = !outcome.passes() ? Verdict.REJECTED
                : reviewMode == ReviewMode.OWNER ? Verdict.PENDING_REVIEW : Verdict.ACCEPTED;
        return new Decision(verdict, new TreeMap<>(outcome.reasonCounts()));
    }

    /** Without a topic: no record is judged for relevance. */
    public static Outcome decide(List<RecordAnalysis> analyses, String contributorId, List<IndexedRecord> datanetMatches,
                                 double acceptanceThreshold, Thresholds thresholds) {
        return decide(analyses, contributorId, datanetMatches, acceptanceThreshold, thresholds, null);
    }

    /** @param relevance the datanet's topic, or null to judge no record's relevance */
    public static Outcome decide(List<RecordAnalysis> analyses, String contributorId, List<IndexedRecord> datanetMatches,
                                 double acceptanceThreshold, Thresholds thresholds, TopicRelevance relevance) {
        Seen datanet = new Seen();
        for (IndexedRecord indexed : datanetMatches) {
            datanet.add(indexed.exactHash(), MinHash.bandKeys(indexed.signature()), Skeleton.bandKeys(indexed.skeleton()),
                    indexed);
        }
        Seen upload = new Seen();
        Map<String, Integer> reasonCounts = new TreeMap<>();
        List<RecordResult> rejected = new ArrayList<>();
        List<RecordAnalysis> accepted = new ArrayList<>();
        long totalChars = 0;
        long acceptedChars = 0;
        for (RecordAnalysis analysis : analyses) {
            List<String> reasons = new ArrayList<>(analysis.reasons());
            Original copyOf = null;
            if (analysis.readable()) {
                IndexedRecord self = new IndexedRecord(contributorId, null, analysis.record().index(),
                        analysis.exactHash(), analysis.signature(), analysis.skeleton(), analysis.embedding());
                Duplicate inDatanet = duplicateOf(self, analysis, datanet, thresholds);
                Duplicate duplicate = inDatanet != null ? inDatanet : duplicateOf(self, analysis, upload, thresholds);
                if (duplicate != null) {
                    reasons.add(duplicate.reason());
                    IndexedRecord earlier = duplicate.of();
                    // Only an accepted record of the datanet can be someone else's: the upload is all one contributor's.
                    if (inDatanet != null && !earlier.contributorId().equals(contributorId)) {
                        reasons.add(CROSS_CONTRIBUTOR);
                        copyOf = new Original(earlier.contributorId(), earlier.uploadId(), earlier.recordIndex(),
                                duplicate.reason());
                    }
                }
                if (relevance != null && analysis.embedding() != null && relevance.offTopic(analysis.embedding())) {
                    reasons.add(TopicRelevance.OFF_TOPIC);
                }
                upload.add(analysis.exactHash(), analysis.bandKeys(), analysis.skeletonKeys(), self);
            }
            int chars = Math.max(1, analysis.record().text().length());
            totalChars += chars;
            if (reasons.isEmpty()) {
                accepted.add(analysis);
                acceptedChars += chars;
            } else {
                List<String> unique = reasons.stream().distinct().toList();
                unique.forEach(r -> reasonCounts.merge(r, 1, Integer::sum));
                rejected.add(new RecordResult(analysis.record().index(), unique, copyOf));
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

    public static final String EXACT = "duplicate.exact";
    public static final String NEAR = "duplicate.near";
    public static final String SEMANTIC = "duplicate.semantic";
    public static final String CROSS_CONTRIBUTOR = "duplicate.cross-contributor";

    /** Records already seen (accepted in the datanet, or earlier in the upload), by exact hash and by band key. */
    private static final class Seen {
        final Map<String, IndexedRecord> exact = new HashMap<>();
        final Map<Long, List<IndexedRecord>> near = new HashMap<>();
        final Map<Long, List<IndexedRecord>> skeleton = new HashMap<>();

        void add(String exactHash, long[] nearKeys, long[] skeletonKeys, IndexedRecord record) {
            exact.putIfAbsent(exactHash, record);
            for (long key : nearKeys) {
                near.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
            }
            for (long key : skeletonKeys) {
                skeleton.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
            }
        }
    }

    /** A duplicate reason ({@code duplicate.exact}, {@code .near} or {@code .semantic}) and the record it repeats. */
    private record Duplicate(String reason, IndexedRecord of) {
    }

    /**
     * How {@code record} repeats a record {@code seen} holds, strongest first: the same text, a near copy (shingle
     * Jaccard at least {@code nearDuplicateJaccard}), or a paraphrase (the same {@link Skeleton} and the same meaning:
     * embedding cosine at least {@code paraphraseCosine}); null if it repeats none.
     */
    private static Duplicate duplicateOf(IndexedRecord record, RecordAnalysis analysis, Seen seen,
                                         Thresholds thresholds) {
        IndexedRecord same = seen.exact.get(record.exactHash());
        if (same != null) {
            return new Duplicate(EXACT, same);
        }
        for (long key : analysis.bandKeys()) {
            for (IndexedRecord candidate : seen.near.getOrDefault(key, List.of())) {
                if (MinHash.similarity(record.signature(), candidate.signature()) >= thresholds.nearDuplicateJaccard()) {
                    return new Duplicate(NEAR, candidate);
                }
            }
        }
        if (record.embedding() == null) {
            return null;
        }
        for (long key : analysis.skeletonKeys()) {
            for (IndexedRecord candidate : seen.skeleton.getOrDefault(key, List.of())) {
                if (candidate.embedding() != null && Skeleton.alike(record.skeleton(), candidate.skeleton())
                        && Vectors.dot(record.embedding(), candidate.embedding()) >= thresholds.paraphraseCosine()) {
                    return new Duplicate(SEMANTIC, candidate);
                }
            }
        }
        return null;
    }
}
