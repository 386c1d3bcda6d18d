package io.datanet.validation.meaning;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Holds off-topic detection to what it measured on labelled real text (BENCHMARKS.md, "Relevance"), with some
 * margin: a change to the table, the tokenizer or the rule that makes it worse fails here. The figures are far from
 * the 0.9/0.9 issue 14 asks for on these broad genres; this guards them while they are improved.
 */
class RelevanceEvaluationTest {

    @Test
    void offTopicDetectionKeepsItsMeasuredQuality() throws Exception {
        List<RelevanceEvaluation.Result> results = RelevanceEvaluation.run(BrownCorpus.labelled(),
                StaticEmbeddings.load()::embed, 0.05);
        System.out.print(RelevanceEvaluation.table(results));
        for (RelevanceEvaluation.Result r : results) {
            if (r.phase().equals("new")) {
                assertTrue(r.recall() >= 0.75, r.toString());
                assertTrue(r.onTopicRejected() <= 0.50, r.toString());
            } else {
                assertTrue(r.recall() >= 0.55, r.toString());
                assertTrue(r.precision() >= 0.78, r.toString());
                assertTrue(r.onTopicRejected() <= 0.16, r.toString());
            }
        }
    }
}
