package io.datanet.reputation.score;

import java.math.BigDecimal;

/**
 * What a contributor's reputation in one scope (overall or one datanet) is computed from. Counts are plain; the
 * decimal sums are anchored (see {@link Decay}) so they add up exactly in any order. Also used as a delta (an
 * override adds the negation of what the replaced verdict contributed).
 *
 * @param accepted          uploads whose latest verdict is ACCEPTED
 * @param rejected          uploads whose latest verdict is REJECTED
 * @param evidence          anchored Σ 1 over decided (accepted or rejected) uploads: the trials
 * @param quality           anchored Σ qualityScore over accepted uploads: the quality-weighted successes
 * @param rejections        anchored Σ 1 over rejected uploads
 * @param attribution       anchored Σ attribution share over training jobs
 * @param attributionEarned Σ attribution share, not decayed (what the contributor's data earned in all)
 * @param informationAccepted Σ new information of accepted uploads in bytes, not decayed (what the contributor's
 *                          accepted data says; validation-service's measure)
 */
public record Sums(long accepted, long rejected, BigDecimal evidence, BigDecimal quality, BigDecimal rejections,
                   BigDecimal attribution, BigDecimal attributionEarned, long informationAccepted) {

    public static final Sums ZERO = new Sums(0, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
            BigDecimal.ZERO, 0);

    public Sums {
        // One representation per value, so equal sums are equal records whatever scale the arithmetic left.
        evidence = normal(evidence);
        quality = normal(quality);
        rejections = normal(rejections);
        attribution = normal(attribution);
        attributionEarned = normal(attributionEarned);
    }

    private static BigDecimal normal(BigDecimal value) {
        return value == null || value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    public Sums plus(Sums other) {
        return new Sums(accepted + other.accepted, rejected + other.rejected, evidence.add(other.evidence),
                quality.add(other.quality), rejections.add(other.rejections), attribution.add(other.attribution),
                attributionEarned.add(other.attributionEarned), informationAccepted + other.informationAccepted);
    }

    public Sums negate() {
        return new Sums(-accepted, -rejected, evidence.negate(), quality.negate(), rejections.negate(),
                attribution.negate(), attributionEarned.negate(), -informationAccepted);
    }

    public boolean isZero() {
        return equals(ZERO);
    }

    /** Plain acceptance rate accepted / (accepted + rejected); null without decided uploads. */
    public Double acceptanceRate() {
        long decided = accepted + rejected;
        return decided == 0 ? null : (double) accepted / decided;
    }
}
