package io.datanet.validation.checks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/**
 * Limits of the per-record checks, in the style of the Gopher (Rae et al. 2021), C4 and FineWeb filters: what an
 * upload is judged by. The service's are configured under {@code datanet.validation.*}; a datanet may set its own
 * values of them ({@code DatanetDefined#validationThresholds}, whose names and bounds are the events' contract,
 * {@code io.datanet.events.ValidationThresholds}), which {@link #overriddenBy} puts over the service's.
 */
@ConfigMapping(prefix = "datanet.validation")
public interface Thresholds {
    /** Records shorter than this many characters say too little to train on. */
    @WithDefault("20")
    int minChars();

    @WithDefault("20000")
    int maxChars();

    /** Gopher: 50..100000 words per document; records here are paragraphs, so a lower floor. */
    @WithDefault("5")
    int minWords();

    /** Gopher: mean word length within [3, 10] characters. */
    @WithDefault("3")
    double minMeanWordLength();

    @WithDefault("10")
    double maxMeanWordLength();

    /** Gopher: at most 0.1 symbols (#, ..., and other non-word tokens) per word. */
    @WithDefault("0.1")
    double maxSymbolToWordRatio();

    /** Gopher: at least 80% of words contain an alphabetic character. */
    @WithDefault("0.8")
    double minAlphaWordShare();

    /** C4: lines should end in terminal punctuation; applied to records of at least three lines. */
    @WithDefault("0.5")
    double minPunctuatedLineShare();

    /** Gopher: at most 30% of lines duplicated within a record. */
    @WithDefault("0.3")
    double maxDuplicateLineShare();

    /** Gopher: the most frequent word 2-gram covers at most 20% of the characters. */
    @WithDefault("0.2")
    double maxTopBigramShare();

    /** Gopher: duplicated word 5-grams cover at most 15% of the characters. */
    @WithDefault("0.15")
    double maxDuplicateFiveGramShare();

    /** Estimated Jaccard similarity from which two records are near duplicates. */
    @WithDefault("0.8")
    double nearDuplicateJaccard();

    /**
     * Cosine similarity of sentence embeddings from which a record whose function-word skeleton matches an earlier
     * record's is a paraphrase of it ({@code duplicate.semantic}; see {@code Skeleton}). A paraphrase of a Brown
     * paragraph keeps 0.53 at the 1st percentile; distinct records whose skeletons match stay below 0.2.
     */
    @WithDefault("0.5")
    double paraphraseCosine();

    /**
     * Cosine similarity to the datanet's topic (its description and tags, and once it has enough accepted records
     * their mean too) below which a record is off-topic ({@code relevance.off-topic}); see {@link TopicRelevance}.
     */
    @WithDefault("0.05")
    double minRelevance();

    /** These thresholds with a datanet's own values (by name) over them; these themselves when it has none. */
    default Thresholds overriddenBy(Map<String, Double> own) {
        return own == null || own.isEmpty() ? this : new OverriddenThresholds(this, Map.copyOf(own));
    }
}
