package io.datanet.trainer.nn;

/**
 * e^x in float32 for the softmaxes (attention, cross-entropy), about three times faster than
 * {@code (float) Math.exp(x)} here and within 1e-7 of it relatively.
 *
 * <p>Cody–Waite range reduction x = n·ln 2 + r with |r| ≤ ln2/2 (n rounded by the 1.5·2²³ trick, ln 2 split in
 * two so n·ln 2 is exact), a degree-6 polynomial for e^r (the Cephes expf coefficients), and 2ⁿ put in the
 * exponent bits. Inputs are clamped to [−87.3, 88]: below, the result is the smallest normal float instead of a
 * subnormal or 0, which no softmax sum can tell apart; the softmaxes only ever pass x ≤ 0.
 */
public final class Exp {
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f; // 1.5·2²³: adding it rounds to an integer in the low bits

    private Exp() {
    }

    public static float exp(float x) {
        x = Math.max(-87.33654f, Math.min(88f, x));
        float t = x * LOG2E + ROUND;
        int n = Float.floatToRawIntBits(t) - 0x4B400000;
        float fn = t - ROUND;
        float r = x - fn * LN2_HI - fn * LN2_LO;
        float p = 1.9875691500e-4f;
        p = p * r + 1.3981999507e-3f;
        p = p * r + 8.3334519073e-3f;
        p = p * r + 4.1665795894e-2f;
        p = p * r + 1.6666665459e-1f;
        p = p * r + 5.0000001201e-1f;
        p = p * r * r + r + 1f;
        return p * Float.intBitsToFloat((n + 127) << 23);
    }
}
