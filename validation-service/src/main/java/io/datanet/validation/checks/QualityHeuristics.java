package io.datanet.validation.checks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The quality filters of Gopher / C4 / FineWeb applied to one record. Returns the reason codes of every filter
 * the text fails (empty: it passes) and the share of filters passed, used for the quality score.
 */
public final class QualityHeuristics {

    public record Verdict(List<String> reasons, double quality) {
    }

    private static final int FILTERS = 9;

    private QualityHeuristics() {
    }

    public static Verdict judge(String text, Thresholds t) {
        List<String> reasons = new ArrayList<>();
        int length = text.codePointCount(0, text.length());
        if (length < t.minChars()) {
            reasons.add("length.too-short");
        }
        if (length > t.maxChars()) {
            reasons.add("length.too-long");
        }
        List<String> words = Words.of(text);
        if (words.size() < t.minWords()) {
            reasons.add("quality.word-count");
        }
        if (!words.isEmpty()) {
            double meanLength = words.stream().mapToInt(String::length).average().orElse(0);
            if (meanLength < t.minMeanWordLength() || meanLength > t.maxMeanWordLength()) {
                reasons.add("quality.mean-word-length");
            }
            long symbols = words.stream().filter(w -> w.equals("#") || w.equals("...") || w.equals("…")
                    || w.chars().noneMatch(Character::isLetterOrDigit)).count();
            if ((double) symbols / words.size() > t.maxSymbolToWordRatio()) {
                reasons.add("quality.symbol-ratio");
            }
            long alphabetic = words.stream().filter(w -> w.chars().anyMatch(Character::isLetter)).count();
            if ((double) alphabetic / words.size() < t.minAlphaWordShare()) {
                reasons.add("quality.alpha-ratio");
            }
        }
        String[] lines = text.split("\n");
        List<String> nonEmpty = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                nonEmpty.add(line.strip());
            }
        }
        if (nonEmpty.size() >= 3) {
            long punctuated = nonEmpty.stream().filter(QualityHeuristics::endsInPunctuation).count();
            if ((double) punctuated / nonEmpty.size() < t.minPunctuatedLineShare()) {
                reasons.add("quality.punctuation-lines");
            }
            Set<String> seen = new HashSet<>();
            long duplicates = nonEmpty.stream().filter(line -> !seen.add(line)).count();
            if ((double) duplicates / nonEmpty.size() > t.maxDuplicateLineShare()) {
                reasons.add("quality.duplicate-lines");
            }
        }
        if (repetitive(words, t)) {
            reasons.add("quality.ngram-repetition");
        }
        return new Verdict(reasons, 1.0 - Math.min(FILTERS, reasons.size()) / (double) FILTERS);
    }

    private static boolean endsInPunctuation(String line) {
        char last = line.charAt(line.length() - 1);
        return ".!?\"'”’:;)".indexOf(last) >= 0;
    }

    /** Gopher's repetition filters: the top 2-gram's character share, and duplicated 5-grams' share. */
    static boolean repetitive(List<String> words, Thresholds t) {
        if (words.size() < 6) {
            return false;
        }
        long totalChars = words.stream().mapToLong(String::length).sum();
        // Each word lowercased once, not once per n-gram it is in (six times over).
        List<String> lower = words.stream().map(String::toLowerCase).toList();
        Map<String, Integer> bigrams = new HashMap<>();
        for (int i = 0; i + 1 < lower.size(); i++) {
            bigrams.merge(lower.get(i) + " " + lower.get(i + 1), 1, Integer::sum);
        }
        String top = null;
        int topCount = 0;
        for (var entry : bigrams.entrySet()) {
            if (entry.getValue() > topCount) {
                top = entry.getKey();
                topCount = entry.getValue();
            }
        }
        if (topCount > 1 && (double) (top.length() - 1) * topCount / totalChars > t.maxTopBigramShare()) {
            return true;
        }
        if (words.size() >= 10) {
            Map<String, List<Integer>> fiveGrams = new HashMap<>();
            for (int i = 0; i + 4 < words.size(); i++) {
                String gram = String.join(" ", lower.subList(i, i + 5));
                fiveGrams.computeIfAbsent(gram, g -> new ArrayList<>()).add(i);
            }
            boolean[] covered = new boolean[words.size()];
            for (List<Integer> starts : fiveGrams.values()) {
                if (starts.size() > 1) {
                    for (int start : starts) {
                        for (int k = start; k < start + 5; k++) {
                            covered[k] = true;
                        }
                    }
                }
            }
            long duplicatedChars = 0;
            for (int i = 0; i < words.size(); i++) {
                if (covered[i]) {
                    duplicatedChars += words.get(i).length();
                }
            }
            return (double) duplicatedChars / totalChars > t.maxDuplicateFiveGramShare();
        }
        return false;
    }
}
