package io.datanet.trainer.nn;

import io.datanet.trainer.tensor.Parallel;

/** LayerNorm over the last axis: out = (x - mean) / sqrt(var + eps) * w + b. Statistics in double. */
public final class LayerNorm {
    private LayerNorm() {
    }

    /** mean and rstd ([rows]) are saved for the backward pass. */
    public static void forward(float[] out, float[] mean, float[] rstd, float[] inp, float[] w, float[] bias,
                               int rows, int C, float eps) {
        Parallel.forRange(rows, 1, 64, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * C;
                double m = 0;
                for (int i = 0; i < C; i++) m += inp[o + i];
                m /= C;
                double v = 0;
                for (int i = 0; i < C; i++) {
                    double d = inp[o + i] - m;
                    v += d * d;
                }
                v /= C;
                float s = (float) (1.0 / Math.sqrt(v + eps));
                float mf = (float) m;
                for (int i = 0; i < C; i++) out[o + i] = (inp[o + i] - mf) * s * w[i] + bias[i];
                mean[r] = mf;
                rstd[r] = s;
            }
        });
    }

    /** dinp += ..., dw += ..., db += ... (dw/db may be null when the layer is frozen). */
    public static void backward(float[] dinp, float[] dw, float[] db, float[] dout, float[] inp, float[] w,
                                float[] mean, float[] rstd, int rows, int C) {
        Parallel.forRange(rows, 1, 64, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * C;
                float m = mean[r], s = rstd[r];
                double dnormMean = 0, dnormNormMean = 0;
                for (int i = 0; i < C; i++) {
                    float norm = (inp[o + i] - m) * s;
                    float dnorm = w[i] * dout[o + i];
                    dnormMean += dnorm;
                    dnormNormMean += dnorm * norm;
                }
                float a = (float) (dnormMean / C), bb = (float) (dnormNormMean / C);
                for (int i = 0; i < C; i++) {
                    float norm = (inp[o + i] - m) * s;
                    float dnorm = w[i] * dout[o + i];
                    dinp[o + i] += (dnorm - a - norm * bb) * s;
                }
            }
        });
        if (dw == null && db == null) return;
        // parameter gradients reduce over rows: partition over channels so each sum has one owner and order
        Parallel.forRange(C, 8, 64, (c0, c1) -> {
            for (int r = 0; r < rows; r++) {
                int o = r * C;
                float m = mean[r], s = rstd[r];
                for (int i = c0; i < c1; i++) {
                    float norm = (inp[o + i] - m) * s;
                    if (dw != null) dw[i] += norm * dout[o + i];
                    if (db != null) db[i] += dout[o + i];
                }
            }
        });
    }
}
