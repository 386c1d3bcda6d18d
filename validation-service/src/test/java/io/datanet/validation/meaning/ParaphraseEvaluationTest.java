package io.datanet.validation.meaning;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Holds paraphrase detection to the 0.9 precision and recall issue 14 asks for, on labelled real text
 * (BENCHMARKS.md, "Paraphrase duplicates"): 5,000 Brown paragraphs accepted, 500 rewordings of them and 500 other
 * paragraphs uploaded by a copier.
 */
class ParaphraseEvaluationTest {

    @Test
    void paraphrasesOfAcceptedRecordsAreCaughtAndOtherProseIsNot() throws Exception {
        ParaphraseEvaluation.Result result = ParaphraseEvaluation.run(5000, 500, 1);
        System.out.println(result);
        assertTrue(result.precision() >= 0.9, result.toString());
        assertTrue(result.recall() >= 0.9, result.toString());
        assertTrue(result.caughtSemantic() >= result.caught() * 0.9,
                "caught for their meaning, not as near copies: " + result);
        // The lookup stays small: a handful of candidates, not a share of the datanet.
        assertTrue(result.candidates() < 50, result.toString());
    }
}
