package io.datanet.trainer.nn;

import io.datanet.trainer.tensor.Parallel;

/**
 * Rotary position embeddings as Hugging Face's Llama applies them to queries and keys ("rotate half"): in each head
 * of size D, coordinates j and j + D/2 turn together by the angle p·f_j of the token's position p, where
 * f_j = θ^(−2j/D). Frequencies, angles and their cosines are made in float32 as transformers makes them, so a
 * checkpoint sees the angles it was trained with. Llama 3's {@code rope_scaling} ({@link Scaling}) stretches the low
 * frequencies for long contexts.
 */
public final class Rope {

    /**
     * Llama 3's frequency scaling ({@code rope_type: llama3}): wavelengths shorter than
     * {@code originalMaxPositions / highFreqFactor} stay, longer than {@code originalMaxPositions / lowFreqFactor} are
     * divided by {@code factor}, and those between blend the two.
     */
    public record Scaling(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {
    }

    private final int headDim;
    private final int positions;
    private final float[] inverseFrequencies;
    /** [position][j] for j < D/2. */
    private final float[] cos;
    private final float[] sin;

    private Rope(int headDim, int positions, float[] inverseFrequencies) {
        this.headDim = headDim;
        this.positions = positions;
        this.inverseFrequencies = inverseFrequencies;
        int half = headDim / 2;
        cos = new float[positions * half];
        sin = new float[positions * half];
        for (int p = 0; p < positions; p++) {
            for (int j = 0; j < half; j++) {
                float angle = (float) p * inverseFrequencies[j];
                cos[p * half + j] = (float) Math.cos(angle);
                sin[p * half + j] = (float) Math.sin(angle);
            }
        }
    }

    /** @param scaling null for none (the default rope type) */
    public static Rope of(int headDim, int positions, double theta, Scaling scaling) {
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("rotary embeddings need an even head size, not " + headDim);
        }
        float[] f = new float[headDim / 2];
        for (int j = 0; j < f.length; j++) {
            float exponent = (float) (2 * j) / headDim;
            f[j] = 1f / (float) Math.pow(theta, exponent);
        }
        if (scaling != null) {
            scale(f, scaling);
        }
        return new Rope(headDim, positions, f);
    }

    private static void scale(float[] f, Scaling s) {
        double lowFreqWavelength = s.originalMaxPositions() / s.lowFreqFactor();
        double highFreqWavelength = s.originalMaxPositions() / s.highFreqFactor();
        for (int j = 0; j < f.length; j++) {
            double wavelength = 2 * Math.PI / f[j];
            if (wavelength > lowFreqWavelength) {
                f[j] = (float) (f[j] / s.factor());
            } else if (wavelength >= highFreqWavelength) {
                double smooth = (s.originalMaxPositions() / wavelength - s.lowFreqFactor())
                        / (s.highFreqFactor() - s.lowFreqFactor());
                f[j] = (float) ((1 - smooth) * f[j] / s.factor() + smooth * f[j]);
            }
        }
    }

    public float[] inverseFrequencies() {
        return inverseFrequencies.clone();
    }

    public int positions() {
        return positions;
    }

    /**
     * out = rotated inp, both [B, T, heads, D], the token at t at position t (out may be inp: each pair is read
     * before it is written).
     */
    public void forward(float[] out, float[] inp, int B, int T, int heads) {
        rotate(out, inp, B, T, heads, 1f, false);
    }

    /** dinp += the gradient: the inverse rotation of dout (dinp must not be dout). */
    public void backward(float[] dinp, float[] dout, int B, int T, int heads) {
        rotate(dinp, dout, B, T, heads, -1f, true);
    }

    private void rotate(float[] out, float[] inp, int B, int T, int heads, float direction, boolean accumulate) {
        if (T > positions) {
            throw new IllegalArgumentException(T + " positions, rotary tables for " + positions);
        }
        int half = headDim / 2;
        int row = heads * headDim;
        Parallel.forRange(B * T, 1, 16, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int t = r % T;
                for (int h = 0; h < heads; h++) {
                    int o = r * row + h * headDim;
                    for (int j = 0; j < half; j++) {
                        float c = cos[t * half + j], s = direction * sin[t * half + j];
                        float x1 = inp[o + j], x2 = inp[o + j + half];
                        float y1 = x1 * c - x2 * s, y2 = x2 * c + x1 * s;
                        if (accumulate) {
                            out[o + j] += y1;
                            out[o + j + half] += y2;
                        } else {
                            out[o + j] = y1;
                            out[o + j + half] = y2;
                        }
                    }
                }
            }
        });
    }

    /** Rotates the [heads, D] row at {@code offset} of x in place as the token at {@code position} (generation). */
    public void rotateAt(float[] x, int offset, int heads, int position) {
        if (position >= positions) {
            throw new IllegalArgumentException("position " + position + ", rotary tables for " + positions);
        }
        int half = headDim / 2;
        for (int h = 0; h < heads; h++) {
            int o = offset + h * headDim;
            for (int j = 0; j < half; j++) {
                float c = cos[position * half + j], s = sin[position * half + j];
                float x1 = x[o + j], x2 = x[o + j + half];
                x[o + j] = x1 * c - x2 * s;
                x[o + j + half] = x2 * c + x1 * s;
            }
        }
    }
}
