package io.datanet.validation.meaning;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Holds off-topic detection to what it measured on labelled real text (BENCHMARKS.md, "Relevance"), with some
 * margin: a change to the table, the tokenizer or the rule that makes it worse fails here. On the broad Brown genres
 * the figures are below the 0.9/0.9 issue 14 asks for, and so is a classifier trained on the labels themselves
 * ({@link RelevanceEvaluation#supervisedCeiling}); on focused subjects with data, two of the four datanets reach it.
 */
class RelevanceEvaluationTest {

    @Test
    void offTopicDetectionOnBroadGenresKeepsItsMeasuredQuality() throws Exception {
        List<RelevanceEvaluation.Result> results = RelevanceEvaluation.run(RelevanceEvaluation.BROAD,
                BrownCorpus.labelled(), StaticEmbeddings.load()::embed, 0.05);
        System.out.print(RelevanceEvaluation.table(results));
        for (RelevanceEvaluation.Result r : results) {
            switch (r.phase()) {
                case "new" -> {
                    assertTrue(r.recall() >= 0.75, r.toString());
                    assertTrue(r.onTopicRejected() <= 0.45, r.toString());
                }
                case "grown" -> {
                    assertTrue(r.recall() >= 0.6, r.toString());
                    assertTrue(r.precision() >= 0.75, r.toString());
                    assertTrue(r.onTopicRejected() <= 0.27, r.toString());
                }
                case "new, uploads" -> {
                    assertTrue(r.recall() >= 0.85, r.toString());
                    assertTrue(r.onTopicRejected() <= 0.78, r.toString());
                }
                case "grown, uploads" -> {
                    assertTrue(r.recall() >= 0.78, r.toString());
                    assertTrue(r.onTopicRejected() <= 0.62, r.toString());
                }
                default -> throw new AssertionError("unexpected phase " + r.phase());
            }
        }
    }

    /** Subjects apart: State of the Union, technical mail, religious writing, fiction. */
    @Test
    void offTopicDetectionOnFocusedSubjectsWithDataReachesNinetyPercentWhereTheSubjectIsTight() throws Exception {
        List<RelevanceEvaluation.Result> results = RelevanceEvaluation.run(RelevanceEvaluation.FOCUSED,
                RelevanceEvaluation.focusedCorpus(), StaticEmbeddings.load()::embed, 0.05);
        System.out.print(RelevanceEvaluation.table(results));
        Set<String> tight = Set.of("Presidential addresses", "Technical mailing lists");
        for (RelevanceEvaluation.Result r : results) {
            if (r.phase().equals("grown")) {
                double bar = tight.contains(r.datanet()) ? 0.9 : 0.7;
                assertTrue(r.precision() >= bar && r.recall() >= bar, r.toString());
                assertTrue(r.onTopicRejected() <= 0.27, r.toString());
            } else if (r.phase().equals("grown, uploads")) {
                assertTrue(r.recall() >= 0.9, r.toString());
            }
        }
    }
}
