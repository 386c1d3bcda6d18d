package io.datanet.trainer.nn;

import io.datanet.trainer.tensor.Exp;
import io.datanet.trainer.tensor.Parallel;

/** Softmax + cross-entropy over the vocabulary. Targets &lt; 0 are ignored (padding). */
public final class CrossEntropy {
    private CrossEntropy() {
    }

    /** probs [rows,V] and losses [rows] are written; returns the sum of losses over valid rows (in row order). */
    public static double forward(float[] probs, float[] losses, float[] logits, int[] targets, int rows, int V) {
        Parallel.forRange(rows, 1, 16, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * V;
                float max = Exp.max(logits, o, V, 1f);
                Exp.expInto(probs, o, logits, o, V, 1f, max);
                double sum = 0;
                for (int i = 0; i < V; i++) sum += probs[o + i];
                float inv = (float) (1.0 / sum);
                for (int i = 0; i < V; i++) probs[o + i] *= inv;
                int tgt = targets[r];
                // log-softmax computed directly keeps precision for tiny probabilities
                losses[r] = tgt < 0 ? 0f : (float) (Math.log(sum) - (logits[o + tgt] - max));
            }
        });
        double total = 0;
        for (int r = 0; r < rows; r++) if (targets[r] >= 0) total += losses[r];
        return total;
    }

    /** dlogits = (probs − onehot(target)) · scale for valid rows, 0 for ignored rows (overwrites). */
    public static void backward(float[] dlogits, float[] probs, int[] targets, int rows, int V, float scale) {
        Parallel.forRange(rows, 1, 16, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * V, tgt = targets[r];
                for (int i = 0; i < V; i++) dlogits[o + i] = tgt < 0 ? 0f : probs[o + i] * scale;
                if (tgt >= 0) dlogits[o + tgt] -= scale;
            }
        });
    }
}
