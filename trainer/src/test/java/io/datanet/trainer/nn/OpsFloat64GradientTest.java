package io.datanet.trainer.nn;

import io.datanet.trainer.lora.LoraLinear;
import io.datanet.trainer.quant.Nf4Linear;
import io.datanet.trainer.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;

import static io.datanet.trainer.nn.Float64Reference.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every op's float32 forward against its float64 reference, and its float32 backward against float64 numeric
 * gradients of L = Σ out·R (R fixed and random, so the analytic pass is backward(dout = R)) for every coordinate
 * of every input and parameter, on small tensors.
 *
 * <p>Tolerances. The numeric gradient is good to about 1e-9 (see {@link Float64Reference#numericGradient}), so
 * what is measured is the float32 op's own error. Each float32 operation rounds by at most 6e-8 relatively; an
 * output or gradient coordinate here is a sum of at most a few dozen rounded products, and GELU's tanh (≤ 3.6e-7
 * absolutely) and the softmax exp (≤ 1e-7 relatively) add a few 1e-7 more. So a coordinate's error is a few 1e-6
 * of the size of its terms at most, and where the terms cancel, the floor of
 * {@link Float64Reference#worstRelativeError} (0.1 of the tensor's RMS) stands in for their size. Observed worst
 * errors (printed by each check) are 1e-7 .. 2e-6 for every op but GELU, whose gradient reaches 2e-5: for |x| ≳ 3,
 * 1 ± tanh and 1 − tanh² lose their digits to rounding and to the tanh approximation (~1e-7 absolutely), and the
 * derivative multiplies that by x·(√(2/π)/2 + 3·0.044715·√(2/π)/2·x²) ~ |x|³ where the exact value is only ~1e-6.
 * The forward tolerance 1e-5 and the gradient tolerance 1e-4 leave a margin of 5 for GELU and 50 or more for the
 * rest, while a wrong formula (a flipped sign, a missing term, a wrong index) is off by a relative O(1) on many
 * coordinates. Mutations tried in each op's backward (a sign flipped in Encoder, Residual and CrossEntropy; a term
 * dropped in LayerNorm, GELU, attention's softmax, LoRA's scaling, a dense bias; dK from dS instead of dSᵀ; NF4
 * with W for Wᵀ; LoRA's A gradient from the undropped input; GELU's d(x³)/dx as x²; LayerNorm's mean over C − 1)
 * each failed here with a worst relative error of 0.34 to 2.
 */
class OpsFloat64GradientTest {
    static final double FLOOR = 0.1;
    static final double FORWARD_TOLERANCE = 1e-5;
    static final double GRADIENT_TOLERANCE = 1e-4;

    // small shapes: every coordinate is checked, each with four reference evaluations
    static final int B = 2, T = 5, C = 8, NH = 2, V = 11, ROWS = B * T;

    private final Random rnd = new Random(20240611);

    /** An input or parameter of an op: its float32 values, its float32 gradient buffer, and a float64 copy. */
    record Operand(String name, float[] value, float[] grad, double[] value64) {
        Operand(String name, float[] value, float[] grad) {
            this(name, value, grad, toDouble(value));
        }

        static Operand of(Param p) {
            return new Operand(p.name, p.data, p.grad());
        }
    }

    /** The float32 op under test. */
    interface Float32Op {
        /** Forward pass; returns the output (read before the next call). */
        float[] forward();

        /** Zeroes the operands' gradients, runs forward, then backward with dout. */
        void forwardBackward(float[] dout);
    }

    /**
     * Checks forward output and every gradient coordinate of op against its float64 reference, with L = Σ out·r.
     * Returns the worst gradient error.
     */
    static Worst check(String name, Float32Op op, Supplier<double[]> reference, float[] r, Operand... operands) {
        Worst forward = assertClose(name + " output", op.forward(), reference.get(), FLOOR, FORWARD_TOLERANCE);
        op.forwardBackward(r);
        Worst gradient = Worst.NONE;
        for (Operand x : operands) {
            float[] analytic = x.grad().clone();
            double[] numeric = numericGradient(x.value64(), () -> dot(reference.get(), r));
            gradient = gradient.max(assertClose(name + " ∂L/∂" + x.name(), analytic, numeric, FLOOR,
                    GRADIENT_TOLERANCE));
        }
        System.out.printf("float64 check, worst relative errors: %s; %s%n", forward, gradient);
        return gradient;
    }

    static Worst check(String name, Float32Op op, Supplier<double[]> reference, int outSize, Random rnd,
                       Operand... operands) {
        return check(name, op, reference, gaussian(rnd, outSize, 1), operands);
    }

    private static void zero(Operand... operands) {
        for (Operand x : operands) Arrays.fill(x.grad(), 0f);
    }

    @Test
    void encoder() {
        int[] tokens = {3, 10, 3, 0, 7, 1, 3, 9, 10, 2}; // a repeated token: its row gathers several positions
        Operand wte = new Operand("wte", gaussian(rnd, V * C, 1), new float[V * C]);
        Operand wpe = new Operand("wpe", gaussian(rnd, T * C, 1), new float[T * C]);
        float[] out = new float[ROWS * C];
        check("encoder", new Float32Op() {
            public float[] forward() {
                Encoder.forward(out, tokens, wte.value(), wpe.value(), B, T, C);
                return out;
            }

            public void forwardBackward(float[] dout) {
                zero(wte, wpe);
                Encoder.backward(wte.grad(), wpe.grad(), dout, tokens, B, T, C);
            }
        }, () -> embed(tokens, wte.value64(), wpe.value64(), B, T, C), out.length, rnd, wte, wpe);
    }

    @Test
    void layerNorm() {
        float[] xValues = gaussian(rnd, ROWS * C, 2);
        for (int i = 0; i < ROWS * C; i++) xValues[i] += 0.5f * (i / C); // row means away from 0
        Operand x = new Operand("x", xValues, new float[ROWS * C]);
        Operand w = new Operand("w", gaussian(rnd, C, 1), new float[C]);
        Operand bias = new Operand("b", gaussian(rnd, C, 1), new float[C]);
        float eps = 1e-5f;
        float[] out = new float[ROWS * C], mean = new float[ROWS], rstd = new float[ROWS];
        check("layernorm", new Float32Op() {
            public float[] forward() {
                LayerNorm.forward(out, mean, rstd, x.value(), w.value(), bias.value(), ROWS, C, eps);
                return out;
            }

            public void forwardBackward(float[] dout) {
                zero(x, w, bias);
                forward();
                LayerNorm.backward(x.grad(), w.grad(), bias.grad(), dout, x.value(), w.value(), mean, rstd, ROWS, C);
            }
        }, () -> Float64Reference.layerNorm(x.value64(), w.value64(), bias.value64(), ROWS, C, eps), out.length, rnd,
                x, w, bias);
    }

    @Test
    void gelu() {
        int n = 4 * ROWS * C;
        Operand x = new Operand("x", gaussian(rnd, n, 2), new float[n]);
        float[] out = new float[n];
        check("gelu", new Float32Op() {
            public float[] forward() {
                Gelu.forward(out, x.value(), n);
                return out;
            }

            public void forwardBackward(float[] dout) {
                zero(x);
                Gelu.backward(x.grad(), x.value(), dout, n);
            }
        }, () -> Float64Reference.gelu(x.value64()), n, rnd, x);
    }

    @Test
    void causalAttention() {
        Operand qkv = new Operand("qkv", gaussian(rnd, ROWS * 3 * C, 1), new float[ROWS * 3 * C]);
        float[] att = new float[B * NH * T * T], out = new float[ROWS * C];
        check("attention (causal)", new Float32Op() {
            public float[] forward() {
                Attention.forward(out, att, qkv.value(), B, T, C, NH);
                return out;
            }

            public void forwardBackward(float[] dout) {
                zero(qkv);
                forward();
                Attention.backward(qkv.grad(), dout, qkv.value(), att, B, T, C, NH);
            }
        }, () -> causalSelfAttention(qkv.value64(), B, T, C, NH), out.length, rnd, qkv);
    }

    /**
     * CrossEntropy's backward takes one scale for every row, so R is that scale in every position:
     * L = scale · Σ losses. Its forward is checked on the probabilities and on the losses (0 where ignored).
     */
    @Test
    void crossEntropy() {
        int[] targets = {2, -1, 10, 0, 5, 5, -1, 7, 1, 3};
        Operand logits = new Operand("logits", gaussian(rnd, ROWS * V, 2), new float[ROWS * V]);
        float[] probs = new float[ROWS * V], losses = new float[ROWS];
        float scale = 0.37f;
        float[] r = new float[ROWS];
        Arrays.fill(r, scale);
        double[] total = new double[1];
        check("cross-entropy", new Float32Op() {
            public float[] forward() {
                total[0] = CrossEntropy.forward(probs, losses, logits.value(), targets, ROWS, V);
                return losses;
            }

            public void forwardBackward(float[] dout) {
                forward();
                CrossEntropy.backward(logits.grad(), probs, targets, ROWS, V, dout[0]);
            }
        }, () -> crossEntropyLosses(logits.value64(), targets, ROWS, V), r, logits);
        CrossEntropy.forward(probs, losses, logits.value(), targets, ROWS, V);
        assertClose("cross-entropy probabilities", probs, softmax(logits.value64(), ROWS, V), FLOOR, FORWARD_TOLERANCE);
        assertEquals(Arrays.stream(crossEntropyLosses(logits.value64(), targets, ROWS, V)).sum(), total[0],
                FORWARD_TOLERANCE * total[0], "summed loss");
    }

    @Test
    void residual() {
        int n = ROWS * C;
        Operand a = new Operand("a", gaussian(rnd, n, 1), new float[n]);
        Operand b = new Operand("b", gaussian(rnd, n, 1), new float[n]);
        float[] out = new float[n];
        check("residual", new Float32Op() {
            public float[] forward() {
                Residual.forward(out, a.value(), b.value(), n);
                return out;
            }

            public void forwardBackward(float[] dout) {
                zero(a, b);
                Residual.backward(a.grad(), b.grad(), dout, n);
            }
        }, () -> add(a.value64(), b.value64()), n, rnd, a, b);
    }

    @Test
    void denseLinear() {
        int in = C, out = 3 * C;
        Param w = new Param("W", new int[]{in, out}, gaussian(rnd, in * out, 0.5), true);
        Param bias = new Param("bias", new int[]{out}, gaussian(rnd, out, 0.5), true);
        DenseLinear linear = new DenseLinear(w, bias);
        Operand x = new Operand("x", gaussian(rnd, ROWS * in, 1), new float[ROWS * in]);
        Operand wo = Operand.of(w), bo = Operand.of(bias);
        float[] y = new float[ROWS * out];
        check("dense linear", new Float32Op() {
            public float[] forward() {
                linear.forward(y, x.value(), ROWS);
                return y;
            }

            public void forwardBackward(float[] dout) {
                zero(x, wo, bo);
                forward();
                linear.backward(x.grad(), dout, x.value(), ROWS);
            }
        }, () -> linear(x.value64(), wo.value64(), bo.value64(), ROWS, in, out), y.length, rnd, x, wo, bo);
    }

    /** LoRA over a trainable dense base (so the base's gradients are checked through the wrapper too). */
    @Test
    void loraLinearWithoutDropout() {
        checkLora("lora linear", 0f, false);
    }

    /** Dropout p = 0.3 in training mode: the reference draws LoraLinear's documented mask itself. */
    @Test
    void loraLinearWithDropout() {
        checkLora("lora linear, dropout 0.3", 0.3f, true);
    }

    private void checkLora(String name, float dropout, boolean training) {
        int in = C, out = 3 * C, rank = 3;
        String module = "h.1.attn.c_attn";
        long dropoutKey = 0x5eedL;
        Param w = new Param("W", new int[]{in, out}, gaussian(rnd, in * out, 0.5), true);
        Param bias = new Param("bias", new int[]{out}, gaussian(rnd, out, 0.5), true);
        LoraLinear lora = new LoraLinear(module, new DenseLinear(w, bias), rank, 6f, dropout, new Rng(3));
        // B starts at 0, which would make A's gradient vanish: give both random values
        System.arraycopy(gaussian(rnd, in * rank, 0.5), 0, lora.a.data, 0, in * rank);
        System.arraycopy(gaussian(rnd, rank * out, 0.5), 0, lora.b.data, 0, rank * out);
        lora.setTraining(training, dropoutKey);
        Operand x = new Operand("x", gaussian(rnd, ROWS * in, 1), new float[ROWS * in]);
        Operand wo = Operand.of(w), bo = Operand.of(bias), a = Operand.of(lora.a), b = Operand.of(lora.b);
        double[] mask = training ? loraDropoutMask(dropoutKey, module, dropout, ROWS * in) : null;
        if (mask != null) {
            long dropped = Arrays.stream(mask).filter(m -> m == 0).count();
            assertTrue(dropped > 0 && dropped < mask.length, dropped + " of " + mask.length + " dropped");
        }
        float[] y = new float[ROWS * out];
        check(name, new Float32Op() {
            public float[] forward() {
                lora.forward(y, x.value(), ROWS);
                return y;
            }

            public void forwardBackward(float[] dout) {
                zero(x, wo, bo, a, b);
                forward();
                lora.backward(x.grad(), dout, x.value(), ROWS);
            }
        }, () -> lora(x.value64(), wo.value64(), bo.value64(), a.value64(), b.value64(), rank, 6.0 / rank, mask,
                ROWS, in, out), y.length, rnd, x, wo, bo, a, b);
    }

    /** NF4 is frozen: only the input gradient flows. The reference uses the dequantised weight. */
    @Test
    void nf4Linear() {
        int in = C, out = 3 * C; // 192 weights: three NF4 blocks
        DenseLinear dense = new DenseLinear(new Param("W", new int[]{in, out}, gaussian(rnd, in * out, 0.5), false),
                new Param("bias", new int[]{out}, gaussian(rnd, out, 0.5), false));
        Nf4Linear nf4 = Nf4Linear.quantize("h.0.mlp.c_fc", dense);
        double[] w = toDouble(nf4.weight.dequantize()), bias = toDouble(nf4.bias.data);
        Operand x = new Operand("x", gaussian(rnd, ROWS * in, 1), new float[ROWS * in]);
        float[] y = new float[ROWS * out];
        check("nf4 linear", new Float32Op() {
            public float[] forward() {
                nf4.forward(y, x.value(), ROWS);
                return y;
            }

            public void forwardBackward(float[] dout) {
                zero(x);
                forward();
                nf4.backward(x.grad(), dout, x.value(), ROWS);
            }
        }, () -> linear(x.value64(), w, bias, ROWS, in, out), y.length, rnd, x);
    }

    /** The differentiator itself, on a function with a known derivative: GELU's, in closed form. */
    @Test
    void numericGradientIsExactToFloat64Precision() {
        double[] x = toDouble(gaussian(rnd, 64, 2));
        float[] r = gaussian(rnd, 64, 1);
        double[] numeric = numericGradient(x, () -> dot(Float64Reference.gelu(x), r));
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double v = x[i], k = Math.sqrt(2 / Math.PI), th = Math.tanh(k * (v + 0.044715 * v * v * v));
            double exact = (0.5 * (1 + th) + 0.5 * v * (1 - th * th) * k * (1 + 3 * 0.044715 * v * v)) * r[i];
            worst = Math.max(worst, Math.abs(numeric[i] - exact) / Math.max(Math.abs(exact), 1e-3));
        }
        System.out.printf("float64 numeric differentiation: worst relative error %.2e%n", worst);
        assertEquals(0, worst, 1e-8);
    }
}
