package io.datanet.trainer.nn;

/** Token + position embedding: out[b,t,:] = wte[tokens[b,t]] + wpe[t]. */
public final class Encoder {
    private Encoder() {
    }

    public static void forward(float[] out, int[] tokens, float[] wte, float[] wpe, int B, int T, int C) {
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                int o = (b * T + t) * C, w = tokens[b * T + t] * C, p = t * C;
                for (int i = 0; i < C; i++) out[o + i] = wte[w + i] + wpe[p + i];
            }
        }
    }

    /** Accumulates into dwte / dwpe (either may be null when frozen). Sequential: rows may share a token. */
    public static void backward(float[] dwte, float[] dwpe, float[] dout, int[] tokens, int B, int T, int C) {
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                int o = (b * T + t) * C;
                if (dwte != null) {
                    int w = tokens[b * T + t] * C;
                    for (int i = 0; i < C; i++) dwte[w + i] += dout[o + i];
                }
                if (dwpe != null) {
                    int p = t * C;
                    for (int i = 0; i < C; i++) dwpe[p + i] += dout[o + i];
                }
            }
        }
    }
}
