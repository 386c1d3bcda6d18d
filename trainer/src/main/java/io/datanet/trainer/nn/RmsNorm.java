package io.datanet.trainer.nn;

import io.datanet.trainer.tensor.Parallel;

/**
 * RMSNorm over the last axis (Llama, Qwen2, Mistral): out = x / √(mean(x²) + eps) · w, no centring and no bias.
 * The mean of squares in double, as {@link LayerNorm}'s statistics.
 */
public final class RmsNorm {
    private RmsNorm() {
    }

    /** rstd ([rows]) is saved for the backward pass. */
    public static void forward(float[] out, float[] rstd, float[] inp, float[] w, int rows, int C, float eps) {
        Parallel.forRange(rows, 1, 64, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * C;
                double squares = 0;
                for (int i = 0; i < C; i++) squares += (double) inp[o + i] * inp[o + i];
                float s = (float) (1.0 / Math.sqrt(squares / C + eps));
                for (int i = 0; i < C; i++) out[o + i] = inp[o + i] * s * w[i];
                rstd[r] = s;
            }
        });
    }

    /**
     * dinp += ..., dw += ... (dw may be null when the layer is frozen). With n = x·s and dn = w·dout:
     * dx = s·(dn − n·mean(dn·n)), dw = Σ_rows n·dout.
     */
    public static void backward(float[] dinp, float[] dw, float[] dout, float[] inp, float[] w, float[] rstd,
                                int rows, int C) {
        Parallel.forRange(rows, 1, 64, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * C;
                float s = rstd[r];
                double dnormNorm = 0;
                for (int i = 0; i < C; i++) dnormNorm += (double) (w[i] * dout[o + i]) * (inp[o + i] * s);
                float mean = (float) (dnormNorm / C);
                for (int i = 0; i < C; i++) {
                    float norm = inp[o + i] * s;
                    dinp[o + i] += (w[i] * dout[o + i] - norm * mean) * s;
                }
            }
        });
        if (dw == null) return;
        // the weight's gradient reduces over rows: partition over channels so each sum has one owner and order
        Parallel.forRange(C, 8, 64, (c0, c1) -> {
            for (int r = 0; r < rows; r++) {
                int o = r * C;
                float s = rstd[r];
                for (int i = c0; i < c1; i++) dw[i] += inp[o + i] * s * dout[o + i];
            }
        });
    }
}
