package io.datanet.trainer.nn;

import static io.datanet.trainer.nn.Float64Reference.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datanet.trainer.nn.OpsFloat64GradientTest.Float32Op;
import io.datanet.trainer.nn.OpsFloat64GradientTest.Operand;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Llama architecture's own ops (RMSNorm, rotary embeddings, SwiGLU) checked as {@link OpsFloat64GradientTest}
 * checks GPT-2's: float32 forward against a float64 reference written from the formula, float32 backward against
 * float64 numeric gradients of every coordinate, with the same tolerances. Mutations tried: RMSNorm's backward
 * without the n·mean(dn·n) term; the rotation turned forward instead of back in Rope's backward; SwiGLU's silu'(g)
 * replaced by σ(g). Each failed here with a worst relative error of 1.7 to 2.
 */
class LlamaOpsFloat64GradientTest {

    static final int B = 2, T = 5, H = 2, D = 8, ROWS = B * T, C = H * D;

    private final Random rnd = new Random(20261205);

    @Test
    void rmsNorm() {
        float[] xValues = gaussian(rnd, ROWS * C, 2);
        for (int i = 0; i < ROWS * C; i++) xValues[i] += 0.5f * (i / C); // rows of different scales
        Operand x = new Operand("x", xValues, new float[ROWS * C]);
        Operand w = new Operand("w", gaussian(rnd, C, 1), new float[C]);
        float eps = 1e-6f;
        float[] out = new float[ROWS * C], rstd = new float[ROWS];
        OpsFloat64GradientTest.check("rmsnorm", new Float32Op() {
            public float[] forward() {
                RmsNorm.forward(out, rstd, x.value(), w.value(), ROWS, C, eps);
                return out;
            }

            public void forwardBackward(float[] dout) {
                Arrays.fill(x.grad(), 0f);
                Arrays.fill(w.grad(), 0f);
                forward();
                RmsNorm.backward(x.grad(), w.grad(), dout, x.value(), w.value(), rstd, ROWS, C);
            }
        }, () -> rmsNorm(x.value64(), w.value64(), ROWS, C, eps), out.length, rnd, x, w);
    }

    @Test
    void rotaryEmbeddings() {
        Rope rope = Rope.of(D, T, 10000.0, null);
        Operand x = new Operand("x", gaussian(rnd, ROWS * C, 1), new float[ROWS * C]);
        float[] out = new float[ROWS * C];
        OpsFloat64GradientTest.check("rope", new Float32Op() {
            public float[] forward() {
                rope.forward(out, x.value(), B, T, H);
                return out;
            }

            public void forwardBackward(float[] dout) {
                Arrays.fill(x.grad(), 0f);
                rope.backward(x.grad(), dout, B, T, H);
            }
        }, () -> rope(x.value64(), rope.inverseFrequencies(), B, T, H, D), out.length, rnd, x);
        // In place gives the same, and position 0 is the identity.
        float[] inPlace = x.value().clone();
        rope.forward(inPlace, inPlace, B, T, H);
        assertArrayEquals(out, inPlace);
        assertArrayEquals(Arrays.copyOfRange(x.value(), 0, C), Arrays.copyOfRange(out, 0, C));
        assertThrows(IllegalArgumentException.class, () -> rope.forward(new float[B * (T + 1) * C],
                new float[B * (T + 1) * C], B, T + 1, H), "past the tables' positions");
    }

    @Test
    void swiGlu() {
        int n = 4 * ROWS * C;
        Operand gate = new Operand("gate", gaussian(rnd, n, 2), new float[n]);
        Operand up = new Operand("up", gaussian(rnd, n, 1), new float[n]);
        float[] out = new float[n];
        OpsFloat64GradientTest.check("swiglu", new Float32Op() {
            public float[] forward() {
                SwiGlu.forward(out, gate.value(), up.value(), n);
                return out;
            }

            public void forwardBackward(float[] dout) {
                Arrays.fill(gate.grad(), 0f);
                Arrays.fill(up.grad(), 0f);
                SwiGlu.backward(gate.grad(), up.grad(), dout, gate.value(), up.value(), n);
            }
        }, () -> swiGlu(gate.value64(), up.value64()), n, rnd, gate, up);
    }

    /**
     * Llama 3's scaling (Llama-3.1-8B's settings: factor 8, low 1, high 4, 8192 original positions): the highest
     * frequencies stay, those whose wavelength passes 8192 positions are divided by 8, those between blend.
     */
    @Test
    void llama3ScalingStretchesOnlyTheLowFrequencies() {
        int headDim = 128;
        float[] plain = Rope.of(headDim, 1, 500000.0, null).inverseFrequencies();
        float[] scaled = Rope.of(headDim, 1, 500000.0, new Rope.Scaling(8, 1, 4, 8192)).inverseFrequencies();
        assertEquals(1.0f, plain[0]);
        int kept = 0, divided = 0, blended = 0;
        for (int j = 0; j < plain.length; j++) {
            double wavelength = 2 * Math.PI / plain[j];
            if (wavelength < 8192 / 4.0) {
                assertEquals(plain[j], scaled[j], "high frequency " + j);
                kept++;
            } else if (wavelength > 8192) {
                assertEquals(plain[j] / 8, scaled[j], Math.ulp(scaled[j]), "low frequency " + j);
                divided++;
            } else {
                double smooth = (8192 / wavelength - 1) / (4 - 1);
                assertEquals((1 - smooth) * plain[j] / 8 + smooth * plain[j], scaled[j], 2 * Math.ulp(scaled[j]));
                blended++;
            }
        }
        assertEquals(64, kept + divided + blended);
        assertEquals(true, kept > 0 && divided > 0 && blended > 0, kept + " kept, " + divided + " divided, " + blended);
    }

    static double[] rmsNorm(double[] x, double[] w, int rows, int C, double eps) {
        double[] out = new double[rows * C];
        for (int r = 0; r < rows; r++) {
            double squares = 0;
            for (int i = 0; i < C; i++) squares += x[r * C + i] * x[r * C + i];
            double inverseRms = 1 / Math.sqrt(squares / C + eps);
            for (int i = 0; i < C; i++) out[r * C + i] = x[r * C + i] * inverseRms * w[i];
        }
        return out;
    }

    /** transformers' apply_rotary_pos_emb: x·cos + rotate_half(x)·sin, rotate_half(x) = (−x₂, x₁). */
    static double[] rope(double[] x, float[] inverseFrequencies, int B, int T, int H, int D) {
        double[] out = new double[x.length];
        int half = D / 2;
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                for (int h = 0; h < H; h++) {
                    int o = ((b * T + t) * H + h) * D;
                    for (int j = 0; j < D; j++) {
                        double angle = t * (double) inverseFrequencies[j % half];
                        double rotated = j < half ? -x[o + j + half] : x[o + j - half];
                        out[o + j] = x[o + j] * Math.cos(angle) + rotated * Math.sin(angle);
                    }
                }
            }
        }
        return out;
    }

    static double[] swiGlu(double[] gate, double[] up) {
        double[] out = new double[gate.length];
        for (int i = 0; i < gate.length; i++) {
            out[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
        }
        return out;
    }
}
