package io.datanet.reputation.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.Tier;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The ordering properties the score promises, on the pure formula. */
class ScoreFormulaTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    final Decay decay = new Decay(Duration.ofDays(90));
    final ScoreFormula formula = new ScoreFormula(decay, 1.0);

    /** {@code accepted} uploads of the given quality and {@code rejected} ones, all decided at {@code at}. */
    Sums history(int accepted, double quality, int rejected, Instant at) {
        Sums sums = Sums.ZERO;
        for (int i = 0; i < accepted; i++) {
            sums = sums.plus(new Sums(1, 0, decay.anchor(1, at), decay.anchor(quality, at), BigDecimal.ZERO,
                    BigDecimal.ZERO, BigDecimal.ZERO, 0));
        }
        for (int i = 0; i < rejected; i++) {
            sums = sums.plus(new Sums(0, 1, decay.anchor(1, at), BigDecimal.ZERO, decay.anchor(1, at),
                    BigDecimal.ZERO, BigDecimal.ZERO, 0));
        }
        return sums;
    }

    Sums attribution(double share, Instant at) {
        return new Sums(0, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, decay.anchor(share, at),
                new BigDecimal(share), 0);
    }

    double score(Sums sums) {
        return formula.score(sums, NOW).score();
    }

    @Test
    void tenAllAcceptedOutrankAHundredHalfRejected() {
        double ten = score(history(10, 1.0, 0, NOW));
        double hundred = score(history(50, 1.0, 50, NOW));
        assertTrue(ten > hundred, ten + " > " + hundred);
        // The same with realistic quality scores.
        assertTrue(score(history(10, 0.8, 0, NOW)) > score(history(50, 0.8, 50, NOW)));
        // The acceptance part is the Wilson lower bound: 10/10 ≈ 0.72, 50/100 ≈ 0.40.
        assertEquals(0.7225, formula.score(history(10, 1.0, 0, NOW), NOW).quality(), 1e-3);
        assertEquals(0.4038, formula.score(history(50, 1.0, 50, NOW), NOW).quality(), 1e-3);
    }

    @Test
    void aNewContributorIsNeutralAndAnAllRejectedOneRanksBelowIt() {
        Score fresh = formula.score(Sums.ZERO, NOW);
        assertEquals(ScoreFormula.NEUTRAL, fresh.score());
        assertEquals(Tier.NEW, fresh.tier());
        for (int rejected = 1; rejected <= 50; rejected++) {
            assertTrue(score(history(0, 1, rejected, NOW)) < fresh.score(), rejected + " rejected");
        }
        assertEquals(Tier.RESTRICTED, formula.score(history(0, 1, 5, NOW), NOW).tier());
        assertEquals(Tier.NEW, formula.score(history(0, 1, 1, NOW), NOW).tier(), "one rejection does not restrict");
    }

    @Test
    void spamCostsEveryRejectionLowersTheScore() {
        double previous = score(history(10, 0.9, 0, NOW));
        for (int rejected = 1; rejected <= 100; rejected++) {
            double now = score(history(10, 0.9, rejected, NOW));
            assertTrue(now < previous, rejected + " rejected: " + now + " < " + previous);
            previous = now;
        }
        // Half spam is worse than no history at all.
        assertTrue(score(history(50, 1.0, 50, NOW)) < ScoreFormula.NEUTRAL);
    }

    @Test
    void quantityAloneDoesNotRaiseTheScoreQualityDoes() {
        double fewGood = score(history(10, 0.9, 0, NOW));
        assertTrue(score(history(10, 0.9, 0, NOW).plus(history(40, 0.3, 0, NOW))) < fewGood,
                "forty more low-quality accepted uploads pull the score down");
        assertTrue(score(history(1000, 0.5, 0, NOW)) < score(history(20, 0.95, 0, NOW)));
        // More evidence of the same quality only narrows the interval: it converges, it does not grow without bound.
        assertTrue(score(history(10_000, 0.6, 0, NOW)) < 0.75);
    }

    @Test
    void fewUploadsGiveAModestScore() {
        Score one = formula.score(history(1, 1.0, 0, NOW), NOW);
        assertTrue(one.score() > ScoreFormula.NEUTRAL && one.score() < 0.6, "one perfect upload: " + one.score());
        assertEquals(Tier.NEW, one.tier());
        assertEquals(Tier.TRUSTED, formula.score(history(10, 1.0, 0, NOW), NOW).tier());
        assertEquals(Tier.EXPERT, formula.score(history(100, 1.0, 0, NOW), NOW).tier());
    }

    @Test
    void attributionAddsToTheScore() {
        Sums uploads = history(20, 0.9, 0, NOW);
        double without = score(uploads);
        double with = score(uploads.plus(attribution(0.5, NOW)));
        assertTrue(with > without);
        assertEquals(ScoreFormula.NEUTRAL + ScoreFormula.NEUTRAL * ScoreFormula.ATTRIBUTION_WEIGHT
                * (1 - Math.exp(-0.5)), score(attribution(0.5, NOW)), 1e-12);
        assertTrue(score(history(50, 0.95, 0, NOW).plus(attribution(1.0, NOW))) >= ScoreFormula.EXPERT_FROM);
    }

    @Test
    void staleReputationFadesTowardsNeutral() {
        Instant yearAgo = NOW.minus(Duration.ofDays(365));
        assertTrue(score(history(20, 1.0, 0, yearAgo)) < score(history(20, 1.0, 0, NOW)));
        assertTrue(score(history(0, 1, 20, yearAgo)) > score(history(0, 1, 20, NOW)), "old spam weighs less");
        // One half-life halves the evidence: 20 uploads 90 days ago count as 10 today.
        Score old = formula.score(history(20, 1.0, 0, NOW.minus(Duration.ofDays(90))), NOW);
        assertEquals(10.0, old.evidence(), 1e-9);
        assertEquals(formula.score(history(10, 1.0, 0, NOW), NOW).score(), old.score(), 1e-12);
        // Long gone entirely: back to a newcomer.
        assertEquals(ScoreFormula.NEUTRAL, score(history(20, 1.0, 20, NOW.minus(Duration.ofDays(90 * 80)))), 1e-9);
    }

    @Test
    void theHalfLifeIsConfigurable() {
        ScoreFormula fast = new ScoreFormula(new Decay(Duration.ofDays(7)), 1.0);
        Decay fastDecay = fast.decay();
        Sums sums = Sums.ZERO;
        for (int i = 0; i < 16; i++) {
            sums = sums.plus(new Sums(1, 0, fastDecay.anchor(1, NOW.minus(Duration.ofDays(14))),
                    fastDecay.anchor(1, NOW.minus(Duration.ofDays(14))), BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO, 0));
        }
        assertEquals(4.0, fast.score(sums, NOW).evidence(), 1e-9);
    }

    @Test
    void tiersFollowTheThresholds() {
        assertEquals(Tier.RESTRICTED, ScoreFormula.tierOf(0.0));
        assertEquals(Tier.RESTRICTED, ScoreFormula.tierOf(0.2999));
        assertEquals(Tier.NEW, ScoreFormula.tierOf(0.30));
        assertEquals(Tier.NEW, ScoreFormula.tierOf(0.7499));
        assertEquals(Tier.TRUSTED, ScoreFormula.tierOf(0.75));
        assertEquals(Tier.EXPERT, ScoreFormula.tierOf(0.85));
        assertEquals(Tier.EXPERT, ScoreFormula.tierOf(1.0));
    }
}
