package io.datanet.reputation.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.CloudEvent;
import io.datanet.events.Tier;
import io.datanet.events.UploadValidated;
import io.datanet.events.Verdict;
import io.datanet.events.VerdictSource;
import io.datanet.reputation.score.Decay;
import io.datanet.reputation.score.Evidence;
import io.datanet.reputation.score.Score;
import io.datanet.reputation.score.ScoreFormula;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Evidence is what uploads said, not how many there were. The byte counts are what validation-service measured for
 * real prose (NewInformationFlowTest): 28 paragraphs of the GPL said 5,255 B as one file and as twenty, and twenty
 * templated one-liners, each its own upload, said 132 B.
 */
class EvidenceTest {

    static final Instant T = Instant.parse("2026-05-01T10:00:00Z");
    static final long PROSE_BYTES = 5_255;
    static final long TEMPLATED_BYTES = 132;

    final Ledger ledger = new Ledger(new Decay(Duration.ofDays(90)));
    final ScoreFormula formula = new ScoreFormula(new Decay(Duration.ofDays(90)), 1.0);

    private Score standing(String contributor, List<Long> uploads, List<Verdict> verdicts) {
        LedgerState state = new LedgerState();
        for (int i = 0; i < uploads.size(); i++) {
            String id = contributor + "-" + i;
            CloudEvent<UploadValidated> event = CloudEvent.of("/test", id, new UploadValidated(id, "d1", contributor, 1,
                    verdicts.get(i), VerdictSource.VALIDATION, 1.0, 10, 10, Map.of(), null, null, null, null,
                    T.plusSeconds(i), uploads.get(i)));
            state.apply(ledger.onVerdict(state.upload(id), event));
        }
        return formula.score(state.sums().get(ScopeKey.overall(contributor)), T.plusSeconds(uploads.size()));
    }

    private Score accepted(String contributor, List<Long> uploads) {
        return standing(contributor, uploads, uploads.stream().map(u -> Verdict.ACCEPTED).toList());
    }

    /** {@code total} bytes cut into {@code parts} uploads at random points. */
    private static List<Long> splitInto(long total, int parts, Random random) {
        List<Long> cuts = new ArrayList<>(random.longs(parts - 1, 1, total).sorted().boxed().toList());
        List<Long> sizes = new ArrayList<>();
        long previous = 0;
        for (long cut : cuts) {
            sizes.add(cut - previous);
            previous = cut;
        }
        sizes.add(total - previous);
        return sizes;
    }

    @Test
    void theSameRecordsAsOneFileOrTwentyGiveTheSameStanding() {
        Score one = accepted("one", List.of(PROSE_BYTES));
        Random random = new Random(5);
        for (int trial = 0; trial < 50; trial++) {
            Score twenty = accepted("twenty", splitInto(PROSE_BYTES, 20, random));
            assertEquals(one.score(), twenty.score(), one.score() / 100, "within 1%");
            assertEquals(one.tier(), twenty.tier());
        }
    }

    @Test
    void aTemplatedFarmerNeverOutranksACarefulContributor() {
        // The farmer: twenty one-liners, every one accepted at quality 1.00 (before, TRUSTED within seconds).
        Score farmer = accepted("farmer", splitInto(TEMPLATED_BYTES, 20, new Random(7)));
        // Two files of real prose each.
        Score careful = accepted("careful", List.of(PROSE_BYTES, PROSE_BYTES));
        System.out.printf("standing: farmer %.3f %s, careful %.3f %s%n", farmer.score(), farmer.tier(), careful.score(),
                careful.tier());
        assertTrue(careful.score() > farmer.score());
        assertEquals(Tier.NEW, farmer.tier(), "no doubled quotas for templates");
        assertEquals(Tier.TRUSTED, careful.tier());
        // However many templated files the farmer sends, they add up to about one paragraph each twenty.
        Score bigFarmer = accepted("farmer", splitInto(TEMPLATED_BYTES * 10, 200, new Random(8)));
        assertTrue(careful.score() > bigFarmer.score(), bigFarmer + " vs " + careful);
    }

    @Test
    void oneUploadCountsForAtMostItsCapAndARejectedOneForAtLeastOneUnit() {
        assertEquals(Evidence.MAX_UNITS_PER_UPLOAD, Evidence.units(Verdict.ACCEPTED, 5L << 20));
        assertEquals(1, Evidence.units(Verdict.REJECTED, 0L), "an empty rejected file still costs");
        assertEquals(1, Evidence.units(Verdict.ACCEPTED, null), "verdicts from before the measure: one unit each");
        Score spammer = standing("spam", List.of(0L, 0L, 0L), List.of(Verdict.REJECTED, Verdict.REJECTED, Verdict.REJECTED));
        assertTrue(spammer.score() < ScoreFormula.NEUTRAL, "spam costs: " + spammer);
    }
}
