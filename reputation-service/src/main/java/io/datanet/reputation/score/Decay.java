package io.datanet.reputation.score;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Exponential decay by event time, computed so that the stored state does not depend on the order events arrive in.
 *
 * <p>A piece of evidence of value {@code x} that happened at {@code t} is worth {@code x · 2^-((T - t)/h)} at time
 * {@code T} (half-life {@code h}). That factors into a part fixed when the event is applied and a part fixed when
 * the score is read:
 * <pre>  x · 2^((t - EPOCH)/h)   ·   2^-((T - EPOCH)/h)</pre>
 * The first factor is stored ({@link #anchor}): an exact decimal computed only from the event itself, so sums of
 * anchored values are exact, commutative and subtractable (an override removes exactly what it added). The second
 * is applied at read time ({@link #valueAt}) against a clock. Replaying the same events in any interleaving gives
 * bit-identical sums and therefore bit-identical scores at the same {@code T}.
 *
 * <p>{@code 2^((t - EPOCH)/h)} is split into an integer power of two (exact in decimal) and a fractional power in
 * [1, 2) computed with {@link StrictMath} (the same bits on every JVM), so nothing overflows however far {@code t}
 * is from the epoch. Anchored values are rounded once, to 34 significant digits (relative, not a fixed number of
 * decimals: evidence from long before the epoch is tiny once anchored and must keep its precision).
 */
public final class Decay {

    /** The fixed reference time of anchored values. Changing it (or the half-life) needs a rebuild. */
    public static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
    public static final MathContext PRECISION = MathContext.DECIMAL128;

    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final BigDecimal FIVE = BigDecimal.valueOf(5);

    private final long halfLifeMicros;

    public Decay(Duration halfLife) {
        if (halfLife == null || halfLife.isNegative() || halfLife.isZero() || halfLife.toSeconds() < 60) {
            throw new IllegalArgumentException("half-life must be at least one minute, was " + halfLife);
        }
        this.halfLifeMicros = halfLife.toNanos() / 1000;
    }

    public Duration halfLife() {
        return Duration.ofNanos(halfLifeMicros * 1000);
    }

    /** {@code x · 2^((t - EPOCH)/h)}, to 34 significant digits; {@code t} counts to the microsecond. */
    public BigDecimal anchor(double x, Instant t) {
        if (x == 0) {
            return BigDecimal.ZERO;
        }
        long micros = ChronoUnit.MICROS.between(EPOCH, t);
        long halvings = Math.floorDiv(micros, halfLifeMicros);
        double fraction = (double) (micros - halvings * halfLifeMicros) / halfLifeMicros;   // [0, 1)
        return new BigDecimal(x * StrictMath.pow(2.0, fraction)).multiply(powerOfTwo(halvings))
                .round(PRECISION);
    }

    /** The value at {@code at} of an anchored sum: {@code sum · 2^-((at - EPOCH)/h)}. */
    public double valueAt(BigDecimal anchored, Instant at) {
        if (anchored.signum() == 0) {
            return 0;
        }
        long micros = ChronoUnit.MICROS.between(EPOCH, at);
        long halvings = Math.floorDiv(micros, halfLifeMicros);
        double fraction = (double) (micros - halvings * halfLifeMicros) / halfLifeMicros;
        return anchored.multiply(powerOfTwo(-halvings)).doubleValue() / StrictMath.pow(2.0, fraction);
    }

    /** {@code 2^k} exactly; negative powers are terminating decimals ({@code 5^m / 10^m}). */
    static BigDecimal powerOfTwo(long k) {
        if (Math.abs(k) > 100_000) {
            throw new ArithmeticException("time too far from the decay epoch: 2^" + k);
        }
        return k >= 0 ? TWO.pow((int) k) : FIVE.pow((int) -k).movePointLeft((int) -k);
    }
}
