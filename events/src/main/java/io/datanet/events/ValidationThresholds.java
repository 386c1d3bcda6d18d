package io.datanet.events;

import java.util.Map;

/**
 * The record thresholds of validation that a datanet may set for itself ({@link DatanetDefined#validationThresholds},
 * carried by each {@link UploadReceived}), with the values each may take. The names are validation-service's
 * {@code datanet.validation.*} settings in camel case; a name a datanet leaves out takes the service's value.
 */
public final class ValidationThresholds {

    /** The values a threshold may take: {@code [min, max]}, whole numbers only where {@code integer}. */
    public record Bounds(double min, double max, boolean integer) {
    }

    public static final Map<String, Bounds> KNOWN = Map.ofEntries(
            Map.entry("minChars", new Bounds(1, 100_000, true)),
            Map.entry("maxChars", new Bounds(1, 1_000_000, true)),
            Map.entry("minWords", new Bounds(1, 10_000, true)),
            Map.entry("minMeanWordLength", new Bounds(1, 20, false)),
            Map.entry("maxMeanWordLength", new Bounds(1, 50, false)),
            Map.entry("maxSymbolToWordRatio", new Bounds(0, 1, false)),
            Map.entry("minAlphaWordShare", new Bounds(0, 1, false)),
            Map.entry("minPunctuatedLineShare", new Bounds(0, 1, false)),
            Map.entry("maxDuplicateLineShare", new Bounds(0, 1, false)),
            Map.entry("maxTopBigramShare", new Bounds(0, 1, false)),
            Map.entry("maxDuplicateFiveGramShare", new Bounds(0, 1, false)),
            Map.entry("nearDuplicateJaccard", new Bounds(0.5, 1, false)),
            Map.entry("paraphraseCosine", new Bounds(0.3, 1, false)),
            Map.entry("minRelevance", new Bounds(-1, 1, false)));

    private ValidationThresholds() {
    }

    /** Why {@code value} cannot be the threshold {@code name}, or null if it can. */
    public static String whyNot(String name, Double value) {
        Bounds bounds = KNOWN.get(name);
        if (bounds == null) {
            return "unknown threshold; known: " + new java.util.TreeSet<>(KNOWN.keySet());
        }
        if (value == null || !Double.isFinite(value) || value < bounds.min() || value > bounds.max()) {
            return "must be between " + bounds.min() + " and " + bounds.max();
        }
        if (bounds.integer() && value != Math.rint(value)) {
            return "must be a whole number";
        }
        return null;
    }
}
