package io.datanet.reputation.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.AttributionComputed;
import io.datanet.events.CloudEvent;
import io.datanet.events.ContributorInfluence;
import io.datanet.events.MalformedEventException;
import io.datanet.events.UploadValidated;
import io.datanet.events.UploadWithdrawn;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.reputation.score.Decay;
import io.datanet.reputation.score.Sums;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The event rules, without storage: latest verdict wins, overrides undo exactly, attribution once per job. */
class LedgerTest {

    static final Instant T = Instant.parse("2026-05-01T10:00:00Z");
    final Ledger ledger = new Ledger(new Decay(Duration.ofDays(90)));

    static CloudEvent<UploadValidated> verdict(String upload, String contributor, int version, Verdict verdict,
                                               double quality, Instant at) {
        return CloudEvent.of("/test", upload, new UploadValidated(upload, "d1", contributor, version, verdict,
                version == 1 ? VerdictSource.VALIDATION : VerdictSource.VALIDATOR_REVIEW, quality, 10, 9, Map.of(),
                null, null, null, null, at));
    }

    static CloudEvent<AttributionComputed> attribution(String job, Map<String, Double> shares) {
        List<ContributorInfluence> contributors = new ArrayList<>();
        shares.forEach((c, s) -> contributors.add(new ContributorInfluence(c, s * 2, s)));
        return CloudEvent.of("/test", job, new AttributionComputed(job, "d1", null, null, "tracin", contributors, List.of(), T));
    }

    LedgerState apply(LedgerState state, CloudEvent<?> event) {
        if (event.data() instanceof UploadValidated v) {
            @SuppressWarnings("unchecked")
            VerdictChange change = ledger.onVerdict(state.upload(v.uploadId()), (CloudEvent<UploadValidated>) event);
            if (change != null) {
                state.apply(change);
            }
        } else if (event.data() instanceof AttributionComputed a && !state.knowsJob(a.jobId())) {
            @SuppressWarnings("unchecked")
            CloudEvent<AttributionComputed> e = (CloudEvent<AttributionComputed>) event;
            state.apply(ledger.onAttribution(e));
        }
        return state;
    }

    Sums overall(LedgerState state, String contributor) {
        return state.sums().get(ScopeKey.overall(contributor));
    }

    @Test
    void anOverrideFlipsTheEffectOfAnUploadExactlyOnce() {
        LedgerState state = new LedgerState();
        apply(state, verdict("u1", "ann", 1, Verdict.ACCEPTED, 0.9, T));
        Sums accepted = overall(state, "ann");
        assertEquals(1, accepted.accepted());

        apply(state, verdict("u1", "ann", 2, Verdict.REJECTED, 0.9, T.plusSeconds(60)));
        Sums rejected = overall(state, "ann");
        assertEquals(0, rejected.accepted());
        assertEquals(1, rejected.rejected());
        assertEquals(0, rejected.quality().signum(), "the accepted quality is removed exactly");

        // The same override again, and the older verdict arriving late, change nothing.
        assertNull(ledger.onVerdict(state.upload("u1"), verdict("u1", "ann", 2, Verdict.REJECTED, 0.9, T)));
        assertNull(ledger.onVerdict(state.upload("u1"), verdict("u1", "ann", 1, Verdict.ACCEPTED, 0.9, T)));

        // Back to accepted: exactly the state of a single acceptance at that time.
        apply(state, verdict("u1", "ann", 3, Verdict.ACCEPTED, 0.9, T));
        assertEquals(accepted, overall(state, "ann"));
        assertEquals(accepted, state.sums().get(new ScopeKey("ann", "d1")));
    }

    static CloudEvent<UploadWithdrawn> withdrawal(String upload, String contributor, Instant at) {
        return CloudEvent.of("/test", upload, new UploadWithdrawn(upload, "d1", contributor, contributor,
                UploadWithdrawn.Reason.WITHDRAWN, at));
    }

    @Test
    void aWithdrawalUndoesAnAcceptanceExactlyOnceAndLeavesARejectionCounted() {
        LedgerState state = new LedgerState();
        ledger.replay(state, verdict("u1", "ann", 1, Verdict.ACCEPTED, 0.9, T));
        ledger.replay(state, verdict("u2", "ann", 1, Verdict.REJECTED, 0.2, T));
        LedgerState justTheRejection = new LedgerState();
        ledger.replay(justTheRejection, verdict("u2", "ann", 1, Verdict.REJECTED, 0.2, T));

        VerdictChange withdrawn = ledger.onWithdrawal(state.upload("u1"), withdrawal("u1", "ann", T.plusSeconds(5)));
        assertEquals("WITHDRAWN", withdrawn.kind());
        assertTrue(withdrawn.reason().contains("no longer counts"), withdrawn.reason());
        state.apply(withdrawn);
        assertEquals(overall(justTheRejection, "ann"), overall(state, "ann"), "the acceptance's effect is gone exactly");
        assertNull(ledger.onWithdrawal(state.upload("u1"), withdrawal("u1", "ann", T.plusSeconds(9))), "once");

        // A later verdict of a withdrawn upload is recorded and does not bring it back.
        ledger.replay(state, verdict("u1", "ann", 2, Verdict.ACCEPTED, 0.9, T.plusSeconds(20)));
        assertEquals(2, state.upload("u1").verdictVersion());
        assertEquals(overall(justTheRejection, "ann"), overall(state, "ann"));

        // Withdrawing a rejected upload wipes nothing out.
        VerdictChange rejection = ledger.onWithdrawal(state.upload("u2"), withdrawal("u2", "ann", T.plusSeconds(30)));
        assertTrue(rejection.reason().contains("rejection still counts"), rejection.reason());
        state.apply(rejection);
        assertEquals(1, overall(state, "ann").rejected());
        assertEquals(overall(justTheRejection, "ann"), overall(state, "ann"));
    }

    @Test
    void aWithdrawalReadBeforeTheVerdictEndsInTheSameState() {
        for (Verdict kind : Verdict.values()) {
            CloudEvent<UploadValidated> verdict = verdict("u1", "bo", 1, kind, 0.8, T);
            CloudEvent<UploadWithdrawn> withdrawal = withdrawal("u1", "bo", T.plusSeconds(3));
            LedgerState verdictFirst = new LedgerState();
            ledger.replay(verdictFirst, verdict);
            ledger.replay(verdictFirst, withdrawal);
            LedgerState withdrawalFirst = new LedgerState();
            ledger.replay(withdrawalFirst, withdrawal);
            assertEquals(0, withdrawalFirst.upload("u1").verdictVersion(), "known only as withdrawn");
            ledger.replay(withdrawalFirst, verdict);
            assertEquals(List.of(), verdictFirst.differences(withdrawalFirst), kind.name());
            assertEquals(kind == Verdict.REJECTED ? 1 : 0, overall(withdrawalFirst, "bo").rejected(), kind.name());
            assertEquals(0, overall(withdrawalFirst, "bo").accepted(), kind.name());
        }
    }

    @Test
    void pendingReviewIsNeutral() {
        LedgerState state = new LedgerState();
        VerdictChange pending = ledger.onVerdict(null, verdict("u1", "bo", 1, Verdict.PENDING_REVIEW, 0.5, T));
        assertEquals("PENDING", pending.kind());
        state.apply(pending);
        assertEquals(Sums.ZERO, overall(state, "bo"), "known, but nothing counted");
        apply(state, verdict("u1", "bo", 2, Verdict.ACCEPTED, 0.7, T));
        assertEquals(1, overall(state, "bo").accepted());
        apply(state, verdict("u1", "bo", 3, Verdict.PENDING_REVIEW, 0.7, T));
        assertEquals(Sums.ZERO, overall(state, "bo"), "a re-opened review takes the upload out again");
    }

    @Test
    void aVerdictThatMovesAnUploadToAnotherContributorMovesItsEffect() {
        LedgerState state = new LedgerState();
        apply(state, verdict("u1", "cy", 1, Verdict.ACCEPTED, 1, T));
        apply(state, verdict("u1", "di", 2, Verdict.ACCEPTED, 1, T));
        assertEquals(Sums.ZERO, overall(state, "cy"));
        assertEquals(1, overall(state, "di").accepted());
    }

    @Test
    void attributionCountsOncePerJobAndMergesRepeatedContributors() {
        LedgerState state = new LedgerState();
        AttributionComputed twice = new AttributionComputed("j1", "d1", null, null, "tracin", List.of(
                new ContributorInfluence("ed", 1, 0.25), new ContributorInfluence("ed", 1, 0.25),
                new ContributorInfluence("fa", 1, 0.5)), List.of(), T);
        apply(state, CloudEvent.of("/test", "j1", twice));
        apply(state, attribution("j1", Map.of("ed", 1.0)));        // a second event for the same job
        assertEquals(0.5, overall(state, "ed").attributionEarned().doubleValue());
        assertEquals(0.5, overall(state, "fa").attributionEarned().doubleValue());
        assertEquals(2, state.credits().size());
    }

    @Test
    void payloadsThatCannotBeCountedArePoison() {
        assertThrows(MalformedEventException.class, () -> Ledger.check(new UploadValidated("u", "d", "c", 1,
                Verdict.ACCEPTED, VerdictSource.VALIDATION, 1.5, 1, 1, Map.of(), null, null, null, null, T)));
        assertThrows(MalformedEventException.class, () -> Ledger.check(new AttributionComputed("j", "d", null, null,
                "m", List.of(new ContributorInfluence("c", 0, -0.1)), List.of(), T)));
    }

    @Test
    void anyInterleavingOfTheTopicsGivesTheSameState() {
        Random random = new Random(7);
        List<CloudEvent<?>> verdicts = new ArrayList<>();
        List<CloudEvent<?>> attributions = new ArrayList<>();
        Verdict[] kinds = Verdict.values();
        for (int u = 0; u < 300; u++) {
            String contributor = "c" + random.nextInt(12);
            int versions = 1 + random.nextInt(3);
            for (int v = 1; v <= versions; v++) {
                verdicts.add(verdict("u" + u, contributor, v, kinds[random.nextInt(3)], random.nextDouble(),
                        T.plusSeconds(random.nextInt(1_000_000))));
            }
        }
        for (int j = 0; j < 30; j++) {
            attributions.add(attribution("j" + j, Map.of("c" + random.nextInt(12), random.nextDouble(),
                    "x" + random.nextInt(12), random.nextDouble())));
        }
        LedgerState first = new LedgerState();
        verdicts.forEach(e -> apply(first, e));
        attributions.forEach(e -> apply(first, e));

        LedgerState second = new LedgerState();
        List<CloudEvent<?>> merged = new ArrayList<>();
        int a = 0;
        int v = 0;
        while (a < attributions.size() || v < verdicts.size()) {   // a random merge keeps each topic's own order
            boolean takeAttribution = v == verdicts.size() || (a < attributions.size() && random.nextInt(10) == 0);
            merged.add(takeAttribution ? attributions.get(a++) : verdicts.get(v++));
        }
        merged.forEach(e -> apply(second, e));
        assertEquals(List.of(), first.differences(second));
        assertTrue(first.sums().size() > 20);

        // Verdicts of different uploads commute too: shuffle by upload, keeping each upload's own order.
        LedgerState third = new LedgerState();
        List<CloudEvent<?>> byUpload = new ArrayList<>(verdicts);
        // a stable sort: each upload's versions stay in order, uploads come in reverse id order
        byUpload.sort(Comparator.comparing((CloudEvent<?> e) -> ((UploadValidated) e.data()).uploadId()).reversed());
        byUpload.forEach(e -> apply(third, e));
        attributions.forEach(e -> apply(third, e));
        assertEquals(List.of(), first.differences(third));

        // Withdrawals, a topic of their own, commute with verdicts: before, after or between them, the same state.
        List<CloudEvent<?>> withdrawals = new ArrayList<>();
        for (int u = 0; u < 300; u += 1 + random.nextInt(4)) {
            String upload = "u" + u;
            String contributor = verdicts.stream().map(e -> (UploadValidated) e.data())
                    .filter(d -> d.uploadId().equals(upload)).findFirst().orElseThrow().contributorId();
            withdrawals.add(withdrawal(upload, contributor, T.plusSeconds(random.nextInt(1_000_000))));
        }
        LedgerState after = new LedgerState();
        verdicts.forEach(e -> ledger.replay(after, e));
        withdrawals.forEach(e -> ledger.replay(after, e));
        LedgerState before = new LedgerState();
        withdrawals.forEach(e -> ledger.replay(before, e));
        verdicts.forEach(e -> ledger.replay(before, e));
        LedgerState between = new LedgerState();
        int w = 0;
        for (CloudEvent<?> e : verdicts) {
            if (w < withdrawals.size() && random.nextInt(3) == 0) {
                ledger.replay(between, withdrawals.get(w++));
            }
            ledger.replay(between, e);
        }
        while (w < withdrawals.size()) {
            ledger.replay(between, withdrawals.get(w++));
        }
        assertEquals(List.of(), after.differences(before));
        assertEquals(List.of(), after.differences(between));
        assertTrue(withdrawals.size() > 50);
    }
}
