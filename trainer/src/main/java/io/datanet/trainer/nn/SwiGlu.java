package io.datanet.trainer.nn;

import io.datanet.trainer.tensor.Exp;
import io.datanet.trainer.tensor.Parallel;

/**
 * The gated activation of Llama's MLP: out = silu(gate) · up, silu(g) = g·σ(g), where gate and up are the outputs of
 * the gate_proj and up_proj layers ({@code hidden_act: silu}). σ through {@link Exp} (within 1e-7 relatively).
 */
public final class SwiGlu {
    private SwiGlu() {
    }

    static float sigmoid(float x) {
        return 1f / (1f + Exp.exp(-x));
    }

    public static void forward(float[] out, float[] gate, float[] up, int n) {
        Parallel.forRange(n, 64, 1 << 14, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                float g = gate[i];
                out[i] = g * sigmoid(g) * up[i];
            }
        });
    }

    /** dgate += silu'(gate)·up·dout, dup += silu(gate)·dout; silu'(g) = σ(g)·(1 + g·(1 − σ(g))). */
    public static void backward(float[] dgate, float[] dup, float[] dout, float[] gate, float[] up, int n) {
        Parallel.forRange(n, 64, 1 << 14, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                float g = gate[i], sg = sigmoid(g);
                dgate[i] += sg * (1f + g * (1f - sg)) * up[i] * dout[i];
                dup[i] += g * sg * dout[i];
            }
        });
    }
}
