package io.datanet.validation.checks;

import java.util.Map;

/** The service's thresholds with a datanet's own values over them: {@link Thresholds#overriddenBy}. */
record OverriddenThresholds(Thresholds service, Map<String, Double> own) implements Thresholds {

    private double value(String name, double serviceValue) {
        Double value = own.get(name);
        return value != null ? value : serviceValue;
    }

    @Override
    public int minChars() {
        return (int) value("minChars", service.minChars());
    }

    @Override
    public int maxChars() {
        return (int) value("maxChars", service.maxChars());
    }

    @Override
    public int minWords() {
        return (int) value("minWords", service.minWords());
    }

    @Override
    public double minMeanWordLength() {
        return value("minMeanWordLength", service.minMeanWordLength());
    }

    @Override
    public double maxMeanWordLength() {
        return value("maxMeanWordLength", service.maxMeanWordLength());
    }

    @Override
    public double maxSymbolToWordRatio() {
        return value("maxSymbolToWordRatio", service.maxSymbolToWordRatio());
    }

    @Override
    public double minAlphaWordShare() {
        return value("minAlphaWordShare", service.minAlphaWordShare());
    }

    @Override
    public double minPunctuatedLineShare() {
        return value("minPunctuatedLineShare", service.minPunctuatedLineShare());
    }

    @Override
    public double maxDuplicateLineShare() {
        return value("maxDuplicateLineShare", service.maxDuplicateLineShare());
    }

    @Override
    public double maxTopBigramShare() {
        return value("maxTopBigramShare", service.maxTopBigramShare());
    }

    @Override
    public double maxDuplicateFiveGramShare() {
        return value("maxDuplicateFiveGramShare", service.maxDuplicateFiveGramShare());
    }

    @Override
    public double nearDuplicateJaccard() {
        return value("nearDuplicateJaccard", service.nearDuplicateJaccard());
    }

    @Override
    public double paraphraseCosine() {
        return value("paraphraseCosine", service.paraphraseCosine());
    }

    @Override
    public double minRelevance() {
        return value("minRelevance", service.minRelevance());
    }
}
