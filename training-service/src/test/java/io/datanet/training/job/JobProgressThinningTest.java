package io.datanet.training.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JobProgressThinningTest {

    private static List<Integer> upTo(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void aCurveWithinTheBoundIsKeptWhole() {
        List<Integer> points = upTo(1000);
        assertSame(points, JobProgress.thinned(points, 1000));
        assertEquals(List.of(), JobProgress.thinned(List.of(), 1000));
    }

    @Test
    void aLongerCurveKeepsItsEndsAndEvenlySpacedPointsBetween() {
        assertEquals(List.of(0, 2, 4), JobProgress.thinned(upTo(5), 3));
        assertEquals(List.of(0, 3, 6, 9), JobProgress.thinned(upTo(10), 4));
        for (int n : new int[] {1001, 1234, 2000, 18_000, 100_003}) {
            List<Integer> kept = JobProgress.thinned(upTo(n), 1000);
            assertEquals(1000, kept.size(), "points kept of " + n);
            assertEquals(0, kept.get(0));
            assertEquals(n - 1, kept.get(999));
            double spacing = (n - 1) / 999.0;
            for (int i = 1; i < kept.size(); i++) {
                int gap = kept.get(i) - kept.get(i - 1);
                assertTrue(gap >= Math.floor(spacing) && gap <= Math.ceil(spacing),
                        "gap " + gap + " at " + i + " of " + n + ", spacing " + spacing);
            }
        }
    }
}
