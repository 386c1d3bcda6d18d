package io.datanet.reputation.apply;

import io.datanet.events.AttributionComputed;
import io.datanet.events.CloudEvent;
import io.datanet.events.ReputationCause;
import io.datanet.events.ReputationUpdated;
import io.datanet.events.UploadValidated;
import io.datanet.events.UploadWithdrawn;
import io.datanet.platform.db.Sql;
import io.datanet.platform.outbox.Outbox;
import io.datanet.reputation.ledger.AttributionChange;
import io.datanet.reputation.ledger.Ledger;
import io.datanet.reputation.ledger.ScopeKey;
import io.datanet.reputation.ledger.UploadState;
import io.datanet.reputation.ledger.VerdictChange;
import io.datanet.reputation.score.Score;
import io.datanet.reputation.score.ScoreFormula;
import io.datanet.reputation.score.Sums;
import io.datanet.reputation.store.ReputationStore;
import io.datanet.reputation.store.ReputationStore.Announced;
import io.datanet.reputation.store.ReputationStore.Change;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Applies verdicts and attributions to the stored reputation, in the caller's transaction: the new state, a
 * history line per affected contributor and a {@code reputation.updated} event in the outbox commit together.
 * Every method here is idempotent by content too (a verdict version not newer than the stored one, or a job already
 * counted, changes nothing), which is what lets a rebuild swap its state in while consumers run.
 */
@ApplicationScoped
public class ReputationUpdates {

    @Inject
    ReputationStore store;
    @Inject
    Ledger ledger;
    @Inject
    ScoreFormula formula;
    @Inject
    Outbox outbox;
    @Inject
    Clock clock;

    public Uni<Void> onVerdict(Sql sql, CloudEvent<UploadValidated> event) {
        Ledger.check(event.data());
        UploadValidated v = event.data();
        return onUpload(sql, v.uploadId(), v.contributorId(), v.datanetId(), current -> ledger.onVerdict(current, event),
                event.id(), change -> change.next().validatedAt());
    }

    /** A withdrawal or erasure: the upload's verdict stops counting (a rejection's does not), once. */
    public Uni<Void> onWithdrawal(Sql sql, CloudEvent<UploadWithdrawn> event) {
        UploadWithdrawn w = event.data();
        Instant at = w.withdrawnAt().truncatedTo(ChronoUnit.MICROS);
        return onUpload(sql, w.uploadId(), w.contributorId(), w.datanetId(),
                current -> ledger.onWithdrawal(current, event), event.id(), change -> at);
    }

    /**
     * An event about one upload: its row locked, the ledger's change (null: nothing to do), the new row, and the
     * deltas with their history lines and announcements.
     */
    private Uni<Void> onUpload(Sql sql, String uploadId, String contributorId, String datanetId,
                               Function<UploadState, VerdictChange> changeOf, String eventId,
                               Function<VerdictChange, Instant> occurredAt) {
        return store.holdStateLockShared(sql)
                .chain(() -> store.findUploadForUpdate(sql, uploadId, contributorId, datanetId))
                .chain(current -> {
                    VerdictChange change = changeOf.apply(current);
                    if (change == null) {
                        return Uni.createFrom().voidItem();
                    }
                    return store.saveUpload(sql, change.next()).chain(() -> applyDeltas(sql, change.deltas(),
                            contributor -> new Cause(change.kind(), change.next().uploadId(),
                                    change.next().datanetId(), eventId, change.reason(), occurredAt.apply(change))));
                });
    }

    public Uni<Void> onAttribution(Sql sql, CloudEvent<AttributionComputed> event) {
        Ledger.check(event.data());
        AttributionChange change = ledger.onAttribution(event);
        return store.holdStateLockShared(sql)
                .chain(() -> store.claimJob(sql, change.job()))
                .chain(first -> !first ? Uni.createFrom().voidItem()
                        : store.saveCredits(sql, change.credits()).chain(() -> applyDeltas(sql, change.deltas(),
                                contributor -> new Cause("ATTRIBUTION", change.job().jobId(),
                                        change.job().datanetId(), event.id(), change.reason(contributor),
                                        change.job().computedAt()))));
    }

    /**
     * Why a contributor's sums changed, for their history and their {@code reputation.updated} event; the subject
     * is an upload id, or a job id for {@code ATTRIBUTION}.
     */
    record Cause(String kind, String subject, String datanetId, String eventId, String reason, Instant occurredAt) {
        ReputationCause forEvent() {
            boolean job = "ATTRIBUTION".equals(kind);
            return new ReputationCause(kind, job ? null : subject, job ? subject : null, datanetId, eventId);
        }
    }

    /**
     * Adds the deltas, then per contributor (in key order, which is also the lock order) records what changed and
     * announces the new score. The deltas of one contributor start with their overall scope.
     */
    private Uni<Void> applyDeltas(Sql sql, SortedMap<ScopeKey, Sums> deltas, Function<String, Cause> causeOf) {
        Map<String, SortedMap<ScopeKey, Sums>> byContributor = new TreeMap<>();
        deltas.forEach((key, delta) -> byContributor.computeIfAbsent(key.contributorId(), c -> new TreeMap<>())
                .put(key, delta));
        return Multi.createFrom().iterable(byContributor.entrySet())
                .onItem().transformToUniAndConcatenate(entry ->
                        applyFor(sql, entry.getKey(), entry.getValue(), causeOf.apply(entry.getKey())))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> applyFor(Sql sql, String contributorId, SortedMap<ScopeKey, Sums> deltas, Cause cause) {
        Instant now = clock.instant();
        Sums overallDelta = deltas.getOrDefault(ScopeKey.overall(contributorId), Sums.ZERO);
        return store.lockContributor(sql, contributorId)
                .chain(announced -> store.sumsOf(sql, contributorId).chain(before -> {
                    Sums overallBefore = before.getOrDefault(ScopeKey.OVERALL, Sums.ZERO);
                    Sums overallAfter = overallBefore.plus(overallDelta);
                    Score scoreBefore = formula.score(overallBefore, now);
                    Score scoreAfter = formula.score(overallAfter, now);
                    Double datanetScore = cause.datanetId() == null ? null : formula.score(
                            before.getOrDefault(cause.datanetId(), Sums.ZERO).plus(deltas.getOrDefault(
                                    new ScopeKey(contributorId, cause.datanetId()), Sums.ZERO)), now).score();
                    return Multi.createFrom().iterable(deltas.entrySet())
                            .onItem().transformToUniAndConcatenate(e -> store.add(sql, e.getKey(), e.getValue()))
                            .collect().last()
                            .chain(() -> store.record(sql, contributorId, new Change(0, cause.kind(), cause.subject(),
                                    cause.datanetId(), cause.eventId(), cause.reason(),
                                    (int) overallDelta.accepted(), (int) overallDelta.rejected(), scoreBefore.score(),
                                    scoreAfter.score(), scoreBefore.tier(), scoreAfter.tier(), cause.occurredAt(),
                                    now)))
                            .chain(() -> announce(sql, contributorId, announced, overallAfter, scoreAfter,
                                    cause.reason(), cause.forEvent(), datanetScore, now));
                }));
    }

    /**
     * Puts the contributor's current standing on {@code reputation.updated} (keyed by contributor, so their updates
     * stay in order) and remembers it as the last announcement.
     */
    Uni<Void> announce(Sql sql, String contributorId, Announced previous, Sums overall, Score score, String reason,
                       ReputationCause cause, Double datanetScore, Instant now) {
        ReputationUpdated update = new ReputationUpdated(contributorId, score.score(), previous.score(), score.tier(),
                previous.tier(), overall.accepted(), overall.rejected(), overall.attributionEarned().doubleValue(),
                reason, now, cause, datanetScore);
        return outbox.add(sql, contributorId, update)
                .chain(() -> store.announce(sql, contributorId, score.score(), score.tier(), now));
    }
}
