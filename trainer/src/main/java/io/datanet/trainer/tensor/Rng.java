package io.datanet.trainer.tensor;

/**
 * SplitMix64 random numbers: a single long of state (trivially checkpointed) and a pure function of
 * (key, counter) for the counter-based streams (dropout masks, data order) that make a resumed run draw
 * exactly the numbers an uninterrupted run would.
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    public long state() {
        return state;
    }

    public void setState(long state) {
        this.state = state;
    }

    /** The SplitMix64 finaliser: a bijective 64-bit mixer. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Derives an independent key from a parent key and a label (e.g. step, layer). */
    public static long key(long parent, long label) {
        return mix(parent ^ mix(label + 0x9e3779b97f4a7c15L));
    }

    /** Uniform in [0, 1) as a pure function of (key, counter). */
    public static float uniform(long key, long counter) {
        return (mix(key + counter * 0x9e3779b97f4a7c15L) >>> 40) * 0x1.0p-24f;
    }

    /**
     * Uniform in [0, 1) with 16-bit resolution as a pure function of (key, counter): one 64-bit hash serves four
     * consecutive counters (dropout masks, where 1/65536 resolution is plenty).
     */
    public static float uniform16(long key, long counter) {
        return ((uniform16Bits(key, counter >>> 2) >>> ((counter & 3) << 4)) & 0xffff) * 0x1.0p-16f;
    }

    /** The hash {@link #uniform16} draws counters 4g … 4g+3 from: counter 4g+lane is bits [16·lane, 16·lane+16). */
    public static long uniform16Bits(long key, long group) {
        return mix(key + group * 0x9e3779b97f4a7c15L);
    }

    public long nextLong() {
        state += 0x9e3779b97f4a7c15L;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    public int nextInt(int bound) {
        return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
    }

    /** Standard normal by Box–Muller (StrictMath keeps it identical on every JVM). */
    public double nextGaussian() {
        double u1 = Math.max(nextDouble(), 0x1.0p-53), u2 = nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }

    /** Fisher–Yates shuffle of the indices 0..n-1. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
