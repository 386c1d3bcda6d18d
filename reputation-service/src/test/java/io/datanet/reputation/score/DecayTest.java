package io.datanet.reputation.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Anchored sums are exact: any order of the same terms gives the same value, and removing a term undoes it. */
class DecayTest {

    final Decay decay = new Decay(Duration.ofDays(30));

    @Test
    void sumsDoNotDependOnOrderAndRemovalIsExact() {
        Random random = new Random(42);
        List<BigDecimal> terms = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Instant t = Decay.EPOCH.plus(Duration.ofSeconds(random.nextLong(-400L * 86400, 4000L * 86400)));
            terms.add(decay.anchor(random.nextDouble(), t));
        }
        BigDecimal forward = terms.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        Collections.shuffle(terms, random);
        BigDecimal shuffled = terms.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(0, forward.compareTo(shuffled));
        BigDecimal without = shuffled.subtract(terms.get(7)).add(terms.get(7));
        assertEquals(0, forward.compareTo(without));
        Instant at = Decay.EPOCH.plus(Duration.ofDays(4100));
        assertEquals(decay.valueAt(forward, at), decay.valueAt(shuffled, at));
    }

    @Test
    void valuesHalveEveryHalfLife() {
        Instant t = Instant.parse("2026-03-04T05:06:07.123456Z");
        BigDecimal anchored = decay.anchor(0.8, t);
        assertEquals(0.8, decay.valueAt(anchored, t), 1e-15);
        assertEquals(0.4, decay.valueAt(anchored, t.plus(Duration.ofDays(30))), 1e-15);
        assertEquals(0.1, decay.valueAt(anchored, t.plus(Duration.ofDays(90))), 1e-15);
        // Before the epoch too, and far after it without overflow.
        Instant early = Instant.parse("2020-01-01T00:00:00Z");
        assertEquals(0.5, decay.valueAt(decay.anchor(1, early), early.plus(Duration.ofDays(30))), 1e-15);
        Instant late = Instant.parse("2200-01-01T00:00:00Z");
        assertEquals(1.0, decay.valueAt(decay.anchor(1, late), late), 1e-15);
    }

    @Test
    void theHalfLifeMustBeSensible() {
        assertThrows(IllegalArgumentException.class, () -> new Decay(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Decay(Duration.ofSeconds(-5)));
    }
}
