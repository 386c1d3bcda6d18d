package io.datanet.reputation.score;

import io.datanet.events.Tier;

/**
 * A score and the parts it is made of, at one instant.
 *
 * @param score         ½ + ½·(0.8·quality + 0.2·attribution − spam), in [0,1]; ½ for a contributor without evidence
 * @param tier          derived from the score
 * @param quality       Wilson lower bound of the quality-weighted acceptance rate
 * @param spam          Wilson lower bound of the rejection rate
 * @param attribution   1 − e^(−credit / scale): the decayed attribution credit mapped into [0,1)
 * @param evidence      decayed number of decided uploads (the n of both Wilson bounds)
 * @param qualityRate   decayed quality-weighted acceptance rate (point estimate); null without evidence
 * @param rejectionRate decayed rejection rate (point estimate); null without evidence
 * @param credit        decayed sum of attribution shares
 */
public record Score(double score, Tier tier, double quality, double spam, double attribution, double evidence,
                    Double qualityRate, Double rejectionRate, double credit) {
}
