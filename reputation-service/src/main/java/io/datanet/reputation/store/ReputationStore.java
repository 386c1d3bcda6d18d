package io.datanet.reputation.store;

import static io.datanet.reputation.store.Columns.decimal;
import static io.datanet.reputation.store.Columns.instant;
import static io.datanet.reputation.store.Columns.integer;
import static io.datanet.reputation.store.Columns.real;

import io.datanet.events.Tier;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.reputation.ledger.Credit;
import io.datanet.reputation.ledger.JobState;
import io.datanet.reputation.ledger.LedgerState;
import io.datanet.reputation.ledger.ScopeKey;
import io.datanet.reputation.ledger.UploadState;
import io.datanet.reputation.score.ScoreFormula;
import io.datanet.reputation.score.Sums;
import io.datanet.platform.db.Sql;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reputation tables, read and written through the caller's {@link Sql}: its transaction, or the pool for reads. Sums are
 * changed by adding deltas in SQL ({@code x = x + delta} on exact NUMERIC), so concurrent writers never lose an
 * update and the result does not depend on their order.
 */
@ApplicationScoped
public class ReputationStore {

    /**
     * Advisory lock every state-changing transaction holds shared; a rebuild that swaps the state in holds it
     * exclusively, so it sees (and replaces) a state no consumer is half-way through changing.
     */
    public static final long STATE_LOCK = 0x5E9_0741L;

    private static final String SUMS = "accepted, rejected, evidence, quality, rejections, attribution, attribution_earned, "
            + "information_accepted";

    /** The score and tier last announced for a contributor; {@code at} is null before the first announcement. */
    public record Announced(double score, Tier tier, Instant at) {
    }

    /** One line of a contributor's history. */
    public record Change(long id, String kind, String subject, String datanetId, String eventId, String reason,
                         int acceptedDelta, int rejectedDelta, double scoreBefore, double scoreAfter, Tier tierBefore,
                         Tier tierAfter, Instant occurredAt, Instant recordedAt) {
    }

    public Uni<Void> holdStateLockShared(Sql sql) {
        return sql.rows("SELECT pg_advisory_xact_lock_shared(?1)::text", STATE_LOCK).replaceWithVoid();
    }

    /** Held by a rebuild that swaps its state in: no consumer is half-way through a change meanwhile. */
    public Uni<Void> holdStateLockExclusive(Sql sql) {
        return sql.rows("SELECT pg_advisory_xact_lock(?1)::text", STATE_LOCK).replaceWithVoid();
    }

    /** The whole derived state (verdicts, jobs, credits, sums), as a rebuild compares it. */
    public Uni<LedgerState> loadState(Sql sql) {
        LedgerState state = new LedgerState();
        return sql.rows("SELECT upload_id, contributor_id, datanet_id, verdict_version, verdict, decided_by, "
                        + "quality_score, new_information_bytes, validated_at, event_id, withdrawn_at FROM upload_verdict "
                        // an empty row (findUploadForUpdate's) is nothing known; it never outlives its transaction
                        + "WHERE verdict_version > 0 OR withdrawn_at IS NOT NULL")
                .invoke(rows -> rows.forEach(r -> state.put(upload(r))))
                .chain(() -> sql.rows("SELECT job_id, datanet_id, computed_at, event_id FROM attribution_job"))
                .invoke(rows -> rows.forEach(r -> state.put(new JobState((String) r[0], (String) r[1], instant(r[2]),
                        (String) r[3]))))
                .chain(() -> sql.rows("SELECT job_id, contributor_id, datanet_id, share, influence FROM attribution_credit"))
                .invoke(rows -> rows.forEach(r -> state.put(new Credit((String) r[0], (String) r[1], (String) r[2],
                        real(r[3]), real(r[4])))))
                .chain(() -> sql.rows("SELECT contributor_id, scope, " + SUMS + " FROM reputation"))
                .invoke(rows -> rows.forEach(r -> state.put(new ScopeKey((String) r[0], (String) r[1]), sums(r, 2))))
                .replaceWith(state);
    }

    /** Replaces the whole derived state; the caller holds {@link #holdStateLockExclusive}. */
    public Uni<Void> replaceState(Sql sql, LedgerState state) {
        return sql.update("DELETE FROM attribution_credit")
                .chain(() -> sql.update("DELETE FROM attribution_job"))
                .chain(() -> sql.update("DELETE FROM upload_verdict"))
                .chain(() -> sql.update("DELETE FROM reputation"))
                .chain(() -> each(state.uploads().values(), upload -> saveUpload(sql, upload)))
                .chain(() -> each(state.jobs().values(), job -> claimJob(sql, job).replaceWithVoid()))
                .chain(() -> saveCredits(sql, List.copyOf(state.credits().values())))
                .chain(() -> each(state.sums().entrySet(), e -> add(sql, e.getKey(), e.getValue())));
    }

    private static <T> Uni<Void> each(Iterable<T> items, java.util.function.Function<T, Uni<Void>> action) {
        return Multi.createFrom().iterable(items).onItem().transformToUniAndConcatenate(item -> action.apply(item))
                .collect().last().replaceWithVoid();
    }

    /**
     * The upload's state, its row locked until commit; null if nothing is known of it yet. Verdicts and withdrawals
     * come from two topics, so two transactions may see the same upload at once: the row is made first (an empty
     * one, which reads as null, if there is none), so that there is always a row to lock and the second transaction
     * waits for the first and reads what it wrote, instead of both starting from nothing and the later one
     * overwriting the earlier.
     */
    public Uni<UploadState> findUploadForUpdate(Sql sql, String uploadId, String contributorId, String datanetId) {
        return sql.update("INSERT INTO upload_verdict (upload_id, contributor_id, datanet_id, verdict_version, "
                                + "quality_score, validated_at, event_id) VALUES (?1, ?2, ?3, 0, 0, now(), '') "
                                + "ON CONFLICT (upload_id) DO NOTHING", uploadId, contributorId, datanetId)
                .chain(() -> sql.rows("SELECT upload_id, contributor_id, datanet_id, verdict_version, verdict, "
                        + "decided_by, quality_score, new_information_bytes, validated_at, event_id, withdrawn_at "
                        + "FROM upload_verdict WHERE upload_id = ?1 FOR UPDATE", uploadId))
                .map(rows -> {
                    UploadState state = upload(rows.get(0));
                    return state.verdictVersion() == 0 && !state.withdrawn() ? null : state;
                });
    }

    static UploadState upload(Object[] r) {
        return new UploadState((String) r[0], (String) r[1], (String) r[2], (int) integer(r[3]),
                r[4] == null ? null : Verdict.valueOf((String) r[4]),
                r[5] == null ? null : VerdictSource.valueOf((String) r[5]), real(r[6]),
                r[7] == null ? null : Long.valueOf(integer(r[7])), instant(r[8]), (String) r[9],
                r[10] == null ? null : instant(r[10]));
    }

    public Uni<Void> saveUpload(Sql sql, UploadState u) {
        return sql.update("INSERT INTO upload_verdict (upload_id, contributor_id, datanet_id, verdict_version, verdict, "
                        + "decided_by, quality_score, new_information_bytes, validated_at, event_id, withdrawn_at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
                        + "ON CONFLICT (upload_id) DO UPDATE SET contributor_id = EXCLUDED.contributor_id, "
                        + "datanet_id = EXCLUDED.datanet_id, verdict_version = EXCLUDED.verdict_version, "
                        + "verdict = EXCLUDED.verdict, decided_by = EXCLUDED.decided_by, "
                        + "quality_score = EXCLUDED.quality_score, new_information_bytes = EXCLUDED.new_information_bytes, "
                        + "validated_at = EXCLUDED.validated_at, "
                        + "event_id = EXCLUDED.event_id, withdrawn_at = EXCLUDED.withdrawn_at",
                u.uploadId(), u.contributorId(), u.datanetId(), u.verdictVersion(),
                u.verdict() == null ? null : u.verdict().name(), u.decidedBy() == null ? null : u.decidedBy().name(),
                u.qualityScore(), u.newInformationBytes(), u.validatedAt(), u.eventId(), u.withdrawnAt())
                .replaceWithVoid();
    }

    /** Records a job's attribution as counted; false if it already was (counted once per job). */
    public Uni<Boolean> claimJob(Sql sql, JobState job) {
        return sql.update("INSERT INTO attribution_job (job_id, datanet_id, computed_at, event_id) "
                        + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (job_id) DO NOTHING",
                job.jobId(), job.datanetId(), job.computedAt(), job.eventId()).map(inserted -> inserted == 1);
    }

    public Uni<Void> saveCredits(Sql sql, List<Credit> credits) {
        return each(credits, c -> sql.update("INSERT INTO attribution_credit (job_id, contributor_id, datanet_id, "
                        + "share, influence) VALUES (?1, ?2, ?3, ?4, ?5)",
                c.jobId(), c.contributorId(), c.datanetId(), c.share(), c.influence()).replaceWithVoid());
    }

    /** Locks (creating it as a NEW newcomer if needed) the contributor's announcement row. */
    public Uni<Announced> lockContributor(Sql sql, String contributorId) {
        return sql.update("INSERT INTO contributor (contributor_id, announced_score, announced_tier) VALUES (?1, ?2, ?3) "
                        + "ON CONFLICT (contributor_id) DO NOTHING", contributorId, ScoreFormula.NEUTRAL, Tier.NEW.name())
                .chain(() -> sql.rows("SELECT announced_score, announced_tier, announced_at FROM contributor "
                        + "WHERE contributor_id = ?1 FOR UPDATE", contributorId))
                .map(rows -> announced(rows.get(0)));
    }

    private static Announced announced(Object[] r) {
        return new Announced(real(r[0]), Tier.valueOf((String) r[1]), instant(r[2]));
    }

    public Uni<Announced> announced(Sql sql, String contributorId) {
        return sql.rows("SELECT announced_score, announced_tier, announced_at FROM contributor WHERE contributor_id = ?1",
                contributorId).map(rows -> rows.isEmpty() ? null : announced(rows.get(0)));
    }

    public Uni<Void> announce(Sql sql, String contributorId, double score, Tier tier, Instant at) {
        return sql.update("UPDATE contributor SET announced_score = ?2, announced_tier = ?3, announced_at = ?4 "
                + "WHERE contributor_id = ?1", contributorId, score, tier.name(), at).replaceWithVoid();
    }

    /** Adds {@code delta} to one scope's sums, creating the row on first use. */
    public Uni<Void> add(Sql sql, ScopeKey key, Sums d) {
        return sql.update("INSERT INTO reputation (contributor_id, scope, " + SUMS + ") "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (contributor_id, scope) DO UPDATE SET "
                        + "accepted = reputation.accepted + EXCLUDED.accepted, "
                        + "rejected = reputation.rejected + EXCLUDED.rejected, "
                        + "evidence = reputation.evidence + EXCLUDED.evidence, "
                        + "quality = reputation.quality + EXCLUDED.quality, "
                        + "rejections = reputation.rejections + EXCLUDED.rejections, "
                        + "attribution = reputation.attribution + EXCLUDED.attribution, "
                        + "attribution_earned = reputation.attribution_earned + EXCLUDED.attribution_earned, "
                        + "information_accepted = reputation.information_accepted + EXCLUDED.information_accepted",
                key.contributorId(), key.scope(), d.accepted(), d.rejected(), d.evidence(), d.quality(),
                d.rejections(), d.attribution(), d.attributionEarned(), d.informationAccepted()).replaceWithVoid();
    }

    /** A contributor's sums in every scope they have: scope → sums ({@link ScopeKey#OVERALL} for overall). */
    public Uni<Map<String, Sums>> sumsOf(Sql sql, String contributorId) {
        return sql.rows("SELECT scope, " + SUMS + " FROM reputation WHERE contributor_id = ?1 ORDER BY scope",
                contributorId).map(rows -> {
                    Map<String, Sums> result = new LinkedHashMap<>();
                    rows.forEach(r -> result.put((String) r[0], sums(r, 1)));
                    return result;
                });
    }

    /** Every contributor's sums in one scope: contributor → sums; a scope left all zero (nothing counted) is skipped. */
    public Uni<Map<String, Sums>> scope(Sql sql, String scope) {
        return sql.rows("SELECT contributor_id, " + SUMS + " FROM reputation WHERE scope = ?1", scope).map(rows -> {
            Map<String, Sums> result = new HashMap<>();
            rows.stream().map(r -> Map.entry((String) r[0], sums(r, 1))).filter(e -> !e.getValue().isZero())
                    .forEach(e -> result.put(e.getKey(), e.getValue()));
            return result;
        });
    }

    static Sums sums(Object[] r, int from) {
        return new Sums(integer(r[from]), integer(r[from + 1]), decimal(r[from + 2]), decimal(r[from + 3]),
                decimal(r[from + 4]), decimal(r[from + 5]), decimal(r[from + 6]), integer(r[from + 7]));
    }

    /** Contributors with their announcement and overall sums, for the tier sweep. */
    public record Standing(String contributorId, Announced announced, Sums overall) {
    }

    public Uni<List<Standing>> announcedStandings(Sql sql) {
        return sql.rows("SELECT c.contributor_id, c.announced_score, c.announced_tier, c.announced_at, "
                        + "r.accepted, r.rejected, r.evidence, r.quality, r.rejections, r.attribution, r.attribution_earned, "
                        + "r.information_accepted "
                        + "FROM contributor c LEFT JOIN reputation r ON r.contributor_id = c.contributor_id AND r.scope = '' "
                        + "ORDER BY c.contributor_id")
                .map(rows -> rows.stream().map(r -> new Standing((String) r[0],
                        new Announced(real(r[1]), Tier.valueOf((String) r[2]), instant(r[3])),
                        r[4] == null ? Sums.ZERO : sums(r, 4))).toList());
    }

    public Uni<Void> record(Sql sql, String contributorId, Change c) {
        return sql.update("INSERT INTO reputation_change (contributor_id, kind, subject, datanet_id, event_id, reason, "
                        + "accepted_delta, rejected_delta, score_before, score_after, tier_before, tier_after, occurred_at, "
                        + "recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                contributorId, c.kind(), c.subject(), c.datanetId(), c.eventId(), c.reason(), c.acceptedDelta(),
                c.rejectedDelta(), c.scoreBefore(), c.scoreAfter(), c.tierBefore().name(), c.tierAfter().name(),
                c.occurredAt(), c.recordedAt()).replaceWithVoid();
    }

    public Uni<List<Change>> history(Sql sql, String contributorId, int offset, int limit) {
        return sql.rows("SELECT id, kind, subject, datanet_id, event_id, reason, accepted_delta, rejected_delta, "
                        + "score_before, score_after, tier_before, tier_after, occurred_at, recorded_at "
                        + "FROM reputation_change WHERE contributor_id = ?1 ORDER BY id DESC OFFSET ?2 LIMIT ?3",
                contributorId, offset, limit)
                .map(rows -> rows.stream().map(r -> new Change(integer(r[0]), (String) r[1], (String) r[2],
                        (String) r[3], (String) r[4], (String) r[5], (int) integer(r[6]), (int) integer(r[7]),
                        real(r[8]), real(r[9]), Tier.valueOf((String) r[10]), Tier.valueOf((String) r[11]),
                        instant(r[12]), instant(r[13]))).toList());
    }

    public Uni<Long> historySize(Sql sql, String contributorId) {
        return sql.rows("SELECT count(*) FROM reputation_change WHERE contributor_id = ?1", contributorId)
                .map(rows -> integer(rows.get(0)[0]));
    }
}
