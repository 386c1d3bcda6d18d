package io.datanet.trainer.nn;

import io.datanet.trainer.tensor.Rng;

import java.util.Random;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Float64 references of the trainer's ops, written from the math with plain loops (never by calling the float32
 * op), a float64 numeric differentiator, and the relative-error comparison the float64 gradient checks share.
 *
 * <p>The references compute the exact functions the float32 ops approximate: {@code Math.tanh} where GELU uses
 * a rational approximation, {@code Math.exp} where the softmaxes use a polynomial. The float32 op and its
 * reference see the same input values (float32 numbers are exact in float64), so their difference is only the
 * float32 rounding of the op plus those two approximations.
 */
public final class Float64Reference {
    private Float64Reference() {
    }

    // ------------------------------------------------------------------ conversions and test data

    public static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    /** Gaussian float32 values (so a float32 op and its float64 reference read the very same numbers). */
    public static float[] gaussian(Random rnd, int n, double std) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextGaussian() * std);
        return a;
    }

    public static double dot(double[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    // ------------------------------------------------------------------ ops

    /** out[b,t,:] = wte[tokens[b,t],:] + wpe[t,:]. */
    public static double[] embed(int[] tokens, double[] wte, double[] wpe, int B, int T, int C) {
        double[] out = new double[B * T * C];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                int token = tokens[b * T + t];
                for (int i = 0; i < C; i++) out[(b * T + t) * C + i] = wte[token * C + i] + wpe[t * C + i];
            }
        }
        return out;
    }

    /** Per row: (x − mean) / √(variance + eps) · w + bias, the biased variance (divided by C). */
    public static double[] layerNorm(double[] x, double[] w, double[] bias, int rows, int C, double eps) {
        double[] out = new double[rows * C];
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int i = 0; i < C; i++) mean += x[r * C + i];
            mean /= C;
            double variance = 0;
            for (int i = 0; i < C; i++) variance += (x[r * C + i] - mean) * (x[r * C + i] - mean);
            variance /= C;
            double inverseStd = 1 / Math.sqrt(variance + eps);
            for (int i = 0; i < C; i++) out[r * C + i] = (x[r * C + i] - mean) * inverseStd * w[i] + bias[i];
        }
        return out;
    }

    /** GPT-2's gelu_new: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), with the exact tanh. */
    public static double[] gelu(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            out[i] = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
        }
        return out;
    }

    /**
     * Causal multi-head attention over qkv [B,T,3C] laid out [q | k | v] with heads contiguous: for each head,
     * out_t = Σ_{s≤t} softmax_s(q_t·k_s / √hs) · v_s, written to out [B,T,C] at the head's columns.
     */
    public static double[] causalSelfAttention(double[] qkv, int B, int T, int C, int NH) {
        int hs = C / NH;
        double[] out = new double[B * T * C];
        double[] weights = new double[T];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < NH; h++) {
                for (int t = 0; t < T; t++) {
                    int q = (b * T + t) * 3 * C + h * hs;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s <= t; s++) {
                        int k = (b * T + s) * 3 * C + C + h * hs;
                        double score = 0;
                        for (int i = 0; i < hs; i++) score += qkv[q + i] * qkv[k + i];
                        weights[s] = score / Math.sqrt(hs);
                        max = Math.max(max, weights[s]);
                    }
                    double sum = 0;
                    for (int s = 0; s <= t; s++) {
                        weights[s] = Math.exp(weights[s] - max);
                        sum += weights[s];
                    }
                    for (int s = 0; s <= t; s++) {
                        int v = (b * T + s) * 3 * C + 2 * C + h * hs;
                        for (int i = 0; i < hs; i++) out[(b * T + t) * C + h * hs + i] += weights[s] / sum * qkv[v + i];
                    }
                }
            }
        }
        return out;
    }

    /** Softmax of each row of logits [rows, V]. */
    public static double[] softmax(double[] logits, int rows, int V) {
        double[] p = new double[rows * V];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < V; i++) max = Math.max(max, logits[r * V + i]);
            double sum = 0;
            for (int i = 0; i < V; i++) sum += Math.exp(logits[r * V + i] - max);
            for (int i = 0; i < V; i++) p[r * V + i] = Math.exp(logits[r * V + i] - max) / sum;
        }
        return p;
    }

    /** Per row: −log softmax(logits)[target], 0 where the target is &lt; 0 (ignored). */
    public static double[] crossEntropyLosses(double[] logits, int[] targets, int rows, int V) {
        double[] losses = new double[rows];
        for (int r = 0; r < rows; r++) {
            if (targets[r] < 0) continue;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < V; i++) max = Math.max(max, logits[r * V + i]);
            double sum = 0;
            for (int i = 0; i < V; i++) sum += Math.exp(logits[r * V + i] - max);
            losses[r] = Math.log(sum) + max - logits[r * V + targets[r]];
        }
        return losses;
    }

    /** Mean of the per-row cross-entropy over rows whose target is ≥ 0. */
    public static double meanCrossEntropy(double[] logits, int[] targets, int rows, int V) {
        double[] losses = crossEntropyLosses(logits, targets, rows, V);
        double sum = 0;
        int valid = 0;
        for (int r = 0; r < rows; r++) {
            if (targets[r] >= 0) {
                sum += losses[r];
                valid++;
            }
        }
        return sum / valid;
    }

    public static double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] + b[i];
        return out;
    }

    /** y[rows,out] = x[rows,in] · W[in,out] + bias (Hugging Face Conv1D layout); bias may be null. */
    public static double[] linear(double[] x, double[] w, double[] bias, int rows, int in, int out) {
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < out; j++) {
                double s = bias == null ? 0 : bias[j];
                for (int k = 0; k < in; k++) s += x[r * in + k] * w[k * out + j];
                y[r * out + j] = s;
            }
        }
        return y;
    }

    /**
     * LoRA: y = x·W + bias + scaling · ((x ⊙ mask)·A)·B with A [in, r], B [r, out]; mask null means no dropout
     * (evaluation, or p = 0).
     */
    public static double[] lora(double[] x, double[] w, double[] bias, double[] a, double[] b, int rank,
                                double scaling, double[] mask, int rows, int in, int out) {
        double[] dropped = x.clone();
        if (mask != null) for (int i = 0; i < dropped.length; i++) dropped[i] *= mask[i];
        double[] u = linear(dropped, a, null, rows, in, rank);
        double[] delta = linear(u, b, null, rows, rank, out);
        double[] y = linear(x, w, bias, rows, in, out);
        for (int i = 0; i < y.length; i++) y[i] += scaling * delta[i];
        return y;
    }

    /**
     * LoRA's inverted-dropout mask over the first n elements of a layer's input, as LoraLinear documents it: element
     * i is kept, scaled by 1/(1 − p), when Rng.uniform16(key, i) ≥ p, with key = Rng.key(dropoutKey, the module
     * name's hashCode); else it is 0. (uniform16 is the random source itself, not op math: the reference must draw
     * the same numbers to compute the same function.)
     */
    public static double[] loraDropoutMask(long dropoutKey, String module, float p, int n) {
        long key = Rng.key(dropoutKey, module.hashCode());
        double[] mask = new double[n];
        for (int i = 0; i < n; i++) mask[i] = Rng.uniform16(key, i) >= p ? 1 / (1 - (double) p) : 0;
        return mask;
    }

    // ------------------------------------------------------------------ numeric differentiation

    /**
     * ∂loss/∂x[i] for every i by central differences with one Richardson step, in float64: with
     * D(h) = (f(x+h) − f(x−h)) / 2h = f′ + h²f‴/6 + O(h⁴), (4·D(h/2) − D(h)) / 3 = f′ + O(h⁴). h = 1e-3 (times |x|
     * when that is larger) balances the O(h⁴) truncation against the rounding, about 1e-16·|f| / h: the result is
     * good to about 1e-9 relatively (OpsFloat64GradientTest measures it on GELU's closed-form derivative; h = 1e-4
     * is ten times worse, rounding-bound), far below what a float32 backward pass resolves. x is perturbed in place
     * and restored exactly.
     */
    public static double[] numericGradient(double[] x, DoubleSupplier loss) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double h = 1e-3 * Math.max(1, Math.abs(x[i]));
            double coarse = centralDifference(x, i, h, loss), fine = centralDifference(x, i, h / 2, loss);
            g[i] = (4 * fine - coarse) / 3;
        }
        return g;
    }

    private static double centralDifference(double[] x, int i, double h, DoubleSupplier loss) {
        double original = x[i];
        x[i] = original + h;
        double plus = loss.getAsDouble();
        x[i] = original - h;
        double minus = loss.getAsDouble();
        x[i] = original;
        return (plus - minus) / (2 * h);
    }

    // ------------------------------------------------------------------ comparison

    /**
     * Worst over coordinates of |actual − expected| / max(|actual|, |expected|, floor · rms(expected)).
     *
     * <p>Why a floor: a float32 result is a sum of terms and its rounding error scales with the terms, not with
     * the sum. Where terms cancel (a LayerNorm input gradient sums to zero over its row; the first position's
     * query gets no gradient at all) the exact value can be tiny or zero while the float32 one carries an error
     * of a few ulps of the terms. The tensor's RMS stands in for the size of its terms, so a coordinate is
     * judged relative to its own magnitude unless that is below {@code floor} times the tensor's typical one.
     */
    public static Worst worstRelativeError(float[] actual, double[] expected, double floor) {
        if (actual.length != expected.length) throw new IllegalArgumentException("length mismatch");
        double sumSquares = 0;
        for (double e : expected) sumSquares += e * e;
        double absoluteFloor = floor * Math.sqrt(sumSquares / expected.length);
        Worst worst = Worst.NONE;
        for (int i = 0; i < actual.length; i++) {
            double denominator = Math.max(Math.max(Math.abs(actual[i]), Math.abs(expected[i])), absoluteFloor);
            double error = denominator == 0 ? 0 : Math.abs(actual[i] - expected[i]) / denominator;
            if (!(error <= worst.error)) worst = new Worst("", error, i, actual[i], expected[i]); // NaN is worst
        }
        return worst;
    }

    /** The worst coordinate of a comparison: which tensor, the error, the index and both values there. */
    public record Worst(String tensor, double error, int index, double actual, double expected) {
        public static final Worst NONE = new Worst("", 0, -1, 0, 0);

        public Worst max(Worst other) {
            return other.error > error || Double.isNaN(other.error) ? other : this;
        }

        @Override
        public String toString() {
            return String.format("%s[%d] %.2e (float32 %.9g, float64 %.9g)", tensor, index, error, actual, expected);
        }
    }

    /**
     * Asserts the worst relative error (with {@link #worstRelativeError}'s floor) of the tensor named {@code what}
     * is at most tolerance.
     */
    public static Worst assertClose(String what, float[] actual, double[] expected, double floor, double tolerance) {
        Worst w = worstRelativeError(actual, expected, floor);
        w = new Worst(what, w.error(), w.index(), w.actual(), w.expected());
        assertTrue(w.error() <= tolerance, "worst relative error at " + w + " > " + tolerance);
        return w;
    }
}
