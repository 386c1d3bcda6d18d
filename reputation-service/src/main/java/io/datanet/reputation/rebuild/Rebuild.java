package io.datanet.reputation.rebuild;

import io.datanet.events.AttributionComputed;
import io.datanet.events.CloudEvent;
import io.datanet.events.MalformedEventException;
import io.datanet.events.Topics;
import io.datanet.events.UploadValidated;
import io.datanet.events.UploadWithdrawn;
import io.datanet.platform.concurrent.Offload;
import io.datanet.platform.inbox.IncomingEvents;
import io.datanet.platform.kafka.TopicNames;
import io.datanet.reputation.ledger.Ledger;
import io.datanet.reputation.ledger.LedgerState;
import io.datanet.reputation.ledger.LedgerState.Difference;
import io.datanet.reputation.ledger.ScopeKey;
import io.datanet.reputation.ledger.Standings;
import io.datanet.reputation.score.ScoreFormula;
import io.datanet.platform.db.Database;
import io.datanet.reputation.store.ReputationStore;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Recomputes the reputation state from the input topics, from offset zero, with the same {@link Ledger} rules the
 * consumers apply, and compares it with the live state: every table and every leaderboard (overall and per datanet)
 * at one instant. With {@code swap}, the rebuilt state replaces the live one (after a change of half-life, or to
 * repair a damaged table); events the consumers applied after the replay read the topics are kept, since each
 * upload keeps its newest verdict and every counted job stays counted.
 */
@ApplicationScoped
public class Rebuild {

    private static final Logger LOG = Logger.getLogger(Rebuild.class);
    /** A report lists at most this many differences (with their total count). */
    static final int MAX_LISTED = 100;

    @Inject
    Database database;
    @Inject
    Ledger ledger;
    @Inject
    ReputationStore store;
    @Inject
    ScoreFormula formula;
    @Inject
    TopicNames topics;
    @Inject
    Clock clock;
    /** Every kafka.* setting: the address and the service's credentials. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConnection;

    /**
     * @param eventsRead          records read from the three topics
     * @param eventsSkipped       records that are not countable events (they went to the dead-letter topic live)
     * @param differenceCount     how many entries differ between the live and the rebuilt state
     * @param differences         the first {@value #MAX_LISTED} of them
     * @param leaderboardsCompared overall plus one per datanet, ranked at {@code asOf}
     * @param leaderboardsDiffering those whose rows (rank, contributor, score, counts) differ
     * @param swapped             whether the rebuilt state replaced the live one
     */
    public record Report(Instant asOf, long eventsRead, long eventsSkipped, int uploads, int jobs, int scopes,
                         int differenceCount, List<Difference> differences, int leaderboardsCompared,
                         List<String> leaderboardsDiffering, boolean swapped) {
    }

    public Uni<Report> run(boolean swap) {
        return Offload.blocking(this::replay).chain(replayed -> (swap
                ? database.inTransaction(sql -> store.holdStateLockExclusive(sql).chain(() -> store.loadState(sql))
                        .chain(live -> store.replaceState(sql, replayed.state.mergedWith(live, ledger))
                                .replaceWith(report(live, replayed, true))))
                : database.inTransaction(sql -> store.loadState(sql).map(live -> report(live, replayed, false))))
                .invoke(report -> LOG.infof("rebuild: %d events read, %d skipped, %d differences, swapped=%s",
                        report.eventsRead(), report.eventsSkipped(), report.differenceCount(), report.swapped())));
    }

    private record Replayed(LedgerState state, long read, long skipped) {
    }

    private Replayed replay() {
        LedgerState state = new LedgerState();
        AtomicLong skipped = new AtomicLong();
        long read = TopicReplay.replay(kafkaConnection,
                List.of(topics.physical(Topics.UPLOADS_VALIDATED), topics.physical(Topics.UPLOADS_WITHDRAWN),
                        topics.physical(Topics.ATTRIBUTION_COMPUTED)),
                record -> {
                    try {
                        ledger.replay(state, decode(record));
                    } catch (MalformedEventException e) {
                        skipped.incrementAndGet();
                    }
                });
        return new Replayed(state, read, skipped.get());
    }

    private CloudEvent<?> decode(ConsumerRecord<String, String> record) {
        if (record.topic().equals(topics.physical(Topics.UPLOADS_VALIDATED))) {
            return IncomingEvents.decode(record, UploadValidated.class);
        }
        return record.topic().equals(topics.physical(Topics.UPLOADS_WITHDRAWN))
                ? IncomingEvents.decode(record, UploadWithdrawn.class)
                : IncomingEvents.decode(record, AttributionComputed.class);
    }

    private Report report(LedgerState live, Replayed replayed, boolean swapped) {
        Instant now = clock.instant();
        List<Difference> differences = live.differences(replayed.state);
        TreeSet<String> scopes = new TreeSet<>();
        live.sums().keySet().forEach(k -> scopes.add(k.scope()));
        replayed.state.sums().keySet().forEach(k -> scopes.add(k.scope()));
        scopes.add(ScopeKey.OVERALL);
        List<String> differing = scopes.stream()
                .filter(scope -> !Objects.equals(rows(live, scope, now), rows(replayed.state, scope, now)))
                .map(scope -> scope.isEmpty() ? "(overall)" : scope).toList();
        return new Report(now, replayed.read, replayed.skipped, replayed.state.uploads().size(),
                replayed.state.jobs().size(), replayed.state.sums().size(), differences.size(),
                differences.subList(0, Math.min(MAX_LISTED, differences.size())), scopes.size(), differing, swapped);
    }

    private List<Standings.Standing> rows(LedgerState state, String scope, Instant now) {
        return Standings.rank(state.scope(scope), formula, now);
    }
}
