package io.datanet.reputation.ledger;

import io.datanet.reputation.score.Score;
import io.datanet.reputation.score.ScoreFormula;
import io.datanet.reputation.score.Sums;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Ranks the contributors of one scope at one instant: by score, highest first, ties by contributor id. */
public final class Standings {

    public record Standing(int rank, String contributorId, Sums sums, Score score) {
    }

    private Standings() {
    }

    public static List<Standing> rank(Map<String, Sums> scope, ScoreFormula formula, Instant at) {
        record Scored(String contributorId, Sums sums, Score score) {
        }
        List<Scored> scored = new ArrayList<>(scope.size());
        scope.forEach((contributor, sums) -> scored.add(new Scored(contributor, sums, formula.score(sums, at))));
        scored.sort(Comparator.comparingDouble((Scored s) -> s.score().score()).reversed()
                .thenComparing(Scored::contributorId));
        List<Standing> ranked = new ArrayList<>(scored.size());
        for (int i = 0; i < scored.size(); i++) {
            Scored s = scored.get(i);
            ranked.add(new Standing(i + 1, s.contributorId(), s.sums(), s.score()));
        }
        return ranked;
    }
}
