package io.datanet.trainer.nn;

import io.datanet.trainer.tensor.Exp;
import java.util.Arrays;

/**
 * Causal attention of one new token over the keys and values cached for every position before it and its own
 * (generation's decoders): per query head, softmax(q·kᵀ/√D) over the cached rows, then the weighted values. The
 * softmax's exponent is {@link Exp}'s, as in {@link Attention}. Key/value head g serves query heads
 * g·groups .. (g+1)·groups − 1 (grouped-query attention; 1 for multi-head).
 */
public final class CachedAttention {
    private CachedAttention() {
    }

    /**
     * @param out    [heads·D] the attended values
     * @param q      [heads·D] the new token's queries (positions applied)
     * @param keys   [length, kvHeads·D] cached keys, the new token's last
     * @param values [length, kvHeads·D] cached values
     * @param scores scratch of at least {@code length}
     */
    public static void attend(float[] out, float[] q, float[] keys, float[] values, int length, int heads,
                              int groups, int D, float[] scores) {
        int kvDim = heads / groups * D;
        float scale = (float) (1.0 / Math.sqrt(D));
        for (int h = 0; h < heads; h++) {
            int kv = h / groups * D, qo = h * D;
            for (int t = 0; t < length; t++) {
                float dot = 0f;
                for (int d = 0; d < D; d++) dot += q[qo + d] * keys[t * kvDim + kv + d];
                scores[t] = dot;
            }
            float max = Exp.max(scores, 0, length, scale);
            Exp.expInto(scores, 0, scores, 0, length, scale, max);
            float sum = 0f;
            for (int t = 0; t < length; t++) sum += scores[t];
            float inv = 1f / sum;
            Arrays.fill(out, qo, qo + D, 0f);
            for (int t = 0; t < length; t++) {
                float w = scores[t] * inv;
                for (int d = 0; d < D; d++) out[qo + d] += w * values[t * kvDim + kv + d];
            }
        }
    }
}
