package io.datanet.reputation.score;

/** The Wilson score interval of a binomial proportion (Wilson, 1927), as used to rank by "surely at least this good". */
public final class Wilson {

    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    private Wilson() {
    }

    /**
     * Lower bound of the 95% Wilson interval for {@code successes} out of {@code n} trials. Trials may be
     * fractional (decayed weights) and successes weighted (quality). 0 when there is no evidence.
     */
    public static double lowerBound(double successes, double n) {
        if (!(n > 0)) {
            return 0;
        }
        double p = Math.min(1, Math.max(0, successes / n));
        double z2 = Z95 * Z95;
        double centre = p + z2 / (2 * n);
        double margin = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return Math.max(0, (centre - margin) / (1 + z2 / n));
    }
}
