package io.datanet.validation.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityHeuristicsTest {

    static final Thresholds DEFAULTS = new SmallRyeConfigBuilder().withMapping(Thresholds.class).build()
            .getConfigMapping(Thresholds.class);

    private static List<String> reasons(String text) {
        return QualityHeuristics.judge(text, DEFAULTS).reasons();
    }

    @Test
    void cleanProsePasses() {
        assertEquals(List.of(), reasons("Caramelising onions takes patience: slice them evenly, cook them over low heat "
                + "with a pinch of salt, and stir every few minutes until they turn a deep amber colour."));
    }

    @Test
    void eachFilterCatchesWhatItIsFor() {
        assertTrue(reasons("too short").contains("length.too-short"));
        assertTrue(reasons("Just four words here.").contains("quality.word-count"));
        assertTrue(reasons("# # # # ## ... ... # word and more words here").contains("quality.symbol-ratio"));
        assertTrue(reasons("1234 5678 9012 3456 7890 1234 5678 9012 3456").contains("quality.alpha-ratio"));
        assertTrue(reasons("a b c d e f g h i j k l m n o p").contains("quality.mean-word-length"));
        assertTrue(reasons("buy now buy now buy now buy now buy now buy now buy now buy now")
                .contains("quality.ngram-repetition"));
        assertTrue(reasons("click here to win\nclick here to win\nclick here to win\nclick here to win")
                .contains("quality.duplicate-lines"));
        assertTrue(reasons("a heading without an ending\nanother line without one\nand a third such line\n"
                + "and a fourth one too").contains("quality.punctuation-lines"));
    }
}
