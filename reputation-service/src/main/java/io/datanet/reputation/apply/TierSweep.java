package io.datanet.reputation.apply;

import io.datanet.events.ReputationCause;
import io.datanet.reputation.ledger.ScopeKey;
import io.datanet.reputation.score.Score;
import io.datanet.reputation.score.ScoreFormula;
import io.datanet.reputation.score.Sums;
import io.datanet.platform.db.Database;
import io.datanet.platform.db.Sql;
import io.datanet.reputation.store.ReputationStore;
import io.datanet.reputation.store.ReputationStore.Change;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * Scores decay with time even when no event arrives, so a tier can change on its own (an idle expert drifts back
 * towards NEW, a restricted spammer's record fades). This re-derives every announced tier periodically and
 * announces the ones that moved, with a DECAY line in the contributor's history. Safe on several replicas: each
 * contributor is re-checked under their row lock, and an already announced change is not announced again.
 */
@ApplicationScoped
public class TierSweep {

    @Inject
    Database database;
    @Inject
    ReputationStore store;
    @Inject
    ReputationUpdates updates;
    @Inject
    ScoreFormula formula;
    @Inject
    Clock clock;

    @Scheduled(every = "${datanet.reputation.tier-sweep-interval}", delayed = "${datanet.reputation.tier-sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> sweep() {
        Instant now = clock.instant();
        return store.announcedStandings(database.pool())
                .onItem().transformToMulti(standings -> Multi.createFrom().iterable(standings))
                .filter(s -> formula.score(s.overall(), now).tier() != s.announced().tier())
                .onItem().transformToUniAndConcatenate(s -> database.inTransaction(sql -> reannounce(sql, s.contributorId())))
                .collect().last().replaceWithVoid();
    }

    /** Re-derives one contributor's tier under their lock and announces it if it moved. */
    public Uni<Void> reannounce(Sql sql, String contributorId) {
        Instant now = clock.instant();
        return store.holdStateLockShared(sql)
                .chain(() -> store.lockContributor(sql, contributorId))
                .chain(announced -> store.sumsOf(sql, contributorId).chain(sums -> {
                    Sums overall = sums.getOrDefault(ScopeKey.OVERALL, Sums.ZERO);
                    Score score = formula.score(overall, now);
                    if (score.tier() == announced.tier()) {
                        return Uni.createFrom().voidItem();
                    }
                    String reason = String.format(Locale.ROOT, "time decay: score %.3f → %.3f, tier %s → %s",
                            announced.score(), score.score(), announced.tier(), score.tier());
                    return store.record(sql, contributorId, new Change(0, "DECAY", null, null, null, reason, 0, 0,
                                    announced.score(), score.score(), announced.tier(), score.tier(), now, now))
                            .chain(() -> updates.announce(sql, contributorId, announced, overall, score, reason,
                                    new ReputationCause("DECAY", null, null, null, null), null, now));
                }));
    }
}
