package io.datanet.reputation.score;

import io.datanet.events.Tier;
import java.time.Instant;

/**
 * The reputation score. Documented with its reasons in reputation-service/README.md; the constants here are that
 * document's.
 *
 * <pre>
 *   n        = Σ wᵢ over decided uploads            wᵢ = 2^-(age of the verdict / half-life)
 *   quality  = Wilson⁻( Σ wᵢ·qᵢ over accepted , n )   quality-weighted acceptance, 95% lower bound
 *   spam     = Wilson⁻( Σ wᵢ over rejected , n )      rejection rate, 95% lower bound
 *   attrib   = 1 − e^(−Σ wⱼ·shareⱼ / scale)           training influence earned
 *   score    = ½ + ½ · (0.8·quality + 0.2·attrib − spam)          in [0,1]
 * </pre>
 */
public final class ScoreFormula {

    /** The score of a contributor without any evidence: new contributors start here (tier NEW). */
    public static final double NEUTRAL = 0.5;
    public static final double QUALITY_WEIGHT = 0.8;
    public static final double ATTRIBUTION_WEIGHT = 0.2;

    /** Tier thresholds: RESTRICTED below the first, EXPERT from the last. */
    public static final double NEW_FROM = 0.30;
    public static final double TRUSTED_FROM = 0.75;
    public static final double EXPERT_FROM = 0.85;

    private final Decay decay;
    private final double attributionScale;

    public ScoreFormula(Decay decay, double attributionScale) {
        if (!(attributionScale > 0)) {
            throw new IllegalArgumentException("attribution scale must be > 0");
        }
        this.decay = decay;
        this.attributionScale = attributionScale;
    }

    public Decay decay() {
        return decay;
    }

    public Score score(Sums sums, Instant at) {
        double n = decay.valueAt(sums.evidence(), at);
        double good = decay.valueAt(sums.quality(), at);
        double bad = decay.valueAt(sums.rejections(), at);
        double credit = Math.max(0, decay.valueAt(sums.attribution(), at));
        double quality = Wilson.lowerBound(good, n);
        double spam = Wilson.lowerBound(bad, n);
        double attribution = 1 - StrictMath.exp(-credit / attributionScale);
        double score = NEUTRAL + NEUTRAL * (QUALITY_WEIGHT * quality + ATTRIBUTION_WEIGHT * attribution - spam);
        score = Math.min(1, Math.max(0, score));
        boolean evidence = n > 0;
        return new Score(score, tierOf(score), quality, spam, attribution, Math.max(0, n),
                evidence ? clamp(good / n) : null, evidence ? clamp(bad / n) : null, credit);
    }

    public static Tier tierOf(double score) {
        if (score >= EXPERT_FROM) {
            return Tier.EXPERT;
        }
        if (score >= TRUSTED_FROM) {
            return Tier.TRUSTED;
        }
        return score >= NEW_FROM ? Tier.NEW : Tier.RESTRICTED;
    }

    private static double clamp(double value) {
        return Math.min(1, Math.max(0, value));
    }
}
