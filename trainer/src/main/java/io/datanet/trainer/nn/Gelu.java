package io.datanet.trainer.nn;

import io.datanet.trainer.tensor.Parallel;

/** GELU, tanh approximation as in GPT-2: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
public final class Gelu {
    private static final float S = (float) Math.sqrt(2.0 / Math.PI);

    private Gelu() {
    }

    public static void forward(float[] out, float[] inp, int n) {
        Parallel.forRange(n, 64, 1 << 14, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                float x = inp[i];
                out[i] = 0.5f * x * (1f + (float) Math.tanh(S * (x + 0.044715f * x * x * x)));
            }
        });
    }

    /** dinp += gelu'(inp) · dout. */
    public static void backward(float[] dinp, float[] inp, float[] dout, int n) {
        Parallel.forRange(n, 64, 1 << 14, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                float x = inp[i];
                float u = S * (x + 0.044715f * x * x * x);
                float th = (float) Math.tanh(u);
                float sech2 = 1f - th * th;
                float grad = 0.5f * (1f + th) + 0.5f * x * sech2 * S * (1f + 3f * 0.044715f * x * x);
                dinp[i] += grad * dout[i];
            }
        });
    }
}
