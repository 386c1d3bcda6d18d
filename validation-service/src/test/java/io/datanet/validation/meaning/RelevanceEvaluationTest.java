package io.datanet.validation.meaning;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Holds off-topic detection to what it measured on labelled real text (BENCHMARKS.md, "Relevance"), with some
 * margin: a change to the table, the tokenizer or the rule that makes it worse fails here. The figures are below
 * the 0.9/0.9 issue 14 asks for on these broad genres, and so is a classifier trained on the labels themselves
 * ({@link RelevanceEvaluation#supervisedCeiling}, BENCHMARKS.md); this guards them while they are improved.
 */
class RelevanceEvaluationTest {

    @Test
    void offTopicDetectionKeepsItsMeasuredQuality() throws Exception {
        List<RelevanceEvaluation.Result> results = RelevanceEvaluation.run(BrownCorpus.labelled(),
                StaticEmbeddings.load()::embed, 0.05);
        System.out.print(RelevanceEvaluation.table(results));
        for (RelevanceEvaluation.Result r : results) {
            switch (r.phase()) {
                case "new" -> {
                    assertTrue(r.recall() >= 0.75, r.toString());
                    assertTrue(r.onTopicRejected() <= 0.45, r.toString());
                }
                case "grown" -> {
                    assertTrue(r.recall() >= 0.55, r.toString());
                    assertTrue(r.precision() >= 0.78, r.toString());
                    assertTrue(r.onTopicRejected() <= 0.19, r.toString());
                }
                case "new, uploads" -> {
                    assertTrue(r.recall() >= 0.85, r.toString());
                    assertTrue(r.onTopicRejected() <= 0.78, r.toString());
                }
                case "grown, uploads" -> {
                    assertTrue(r.recall() >= 0.75, r.toString());
                    assertTrue(r.onTopicRejected() <= 0.45, r.toString());
                }
                default -> throw new AssertionError("unexpected phase " + r.phase());
            }
        }
    }
}
