package io.datanet.reputation.api;

import io.datanet.events.Tier;
import io.datanet.reputation.ledger.Standings.Standing;
import io.datanet.reputation.score.Score;
import io.datanet.reputation.score.Sums;

/**
 * A contributor's standing in one scope (overall or a datanet): a leaderboard row, and the head of a contributor's
 * page.
 *
 * @param rank              1 for the best score in the scope; null where no ranking was asked for
 * @param acceptanceRate    accepted / (accepted + rejected), not decayed; null without decided uploads
 * @param attributionEarned Σ attribution shares over training jobs, not decayed
 * @param informationAccepted Σ new information of the accepted uploads, in bytes, not decayed: what the
 *                          contributor's accepted data says, beside how well it was judged and what it did for models
 */
public record StandingView(Integer rank, String contributorId, String datanetId, double score, Tier tier,
                           long accepted, long rejected, Double acceptanceRate, double attributionEarned,
                           long informationAccepted, Parts parts) {

    /**
     * How the score is made (reputation-service/README.md): {@code score = ½ + ½·(0.8·quality + 0.2·attribution −
     * spam)}, each part computed from evidence decayed to now.
     */
    public record Parts(double quality, double spam, double attribution, double evidence, Double qualityRate,
                        Double rejectionRate, double attributionCredit) {
    }

    static StandingView of(Standing standing, String datanetId) {
        return of(standing.rank(), standing.contributorId(), datanetId, standing.sums(), standing.score());
    }

    static StandingView of(Integer rank, String contributorId, String datanetId, Sums sums, Score score) {
        return new StandingView(rank, contributorId, datanetId, score.score(), score.tier(), sums.accepted(),
                sums.rejected(), sums.acceptanceRate(), sums.attributionEarned().doubleValue(),
                sums.informationAccepted(), new Parts(score.quality(), score.spam(), score.attribution(), score.evidence(), score.qualityRate(),
                        score.rejectionRate(), score.credit()));
    }
}
