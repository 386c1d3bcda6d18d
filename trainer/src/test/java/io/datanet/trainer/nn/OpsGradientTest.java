package io.datanet.trainer.nn;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OpsGradientTest {
    private final Random rnd = new Random(42);

    private static void zero(float[]... arrays) {
        for (float[] a : arrays) Arrays.fill(a, 0f);
    }

    @Test
    void linearConv1DLayout() {
        int rows = 6, in = 5, out = 7;
        Param w = new Param("w", new int[]{in, out}, GradCheck.random(rnd, in * out, 0.5f), true);
        Param b = new Param("b", new int[]{out}, GradCheck.random(rnd, out, 0.5f), true);
        DenseLinear lin = new DenseLinear(w, b);
        float[] x = GradCheck.random(rnd, rows * in, 1f), dx = new float[x.length], y = new float[rows * out];
        // the layout is x·W + b with W [in, out], as Hugging Face's Conv1D
        lin.forward(y, x, rows);
        double ref = b.data[3];
        for (int k = 0; k < in; k++) ref += (double) x[in + k] * w.data[k * out + 3];
        assertEquals(ref, y[out + 3], 1e-5);
        GradCheck.check("linear", new GradCheck.Fn() {
            public float[] forward() {
                lin.forward(y, x, rows);
                return y;
            }

            public void backward(float[] dout) {
                zero(dx);
                w.zeroGrad();
                b.zeroGrad();
                lin.forward(y, x, rows);
                lin.backward(dx, dout, x, rows);
            }
        }, new float[][]{x, w.data, b.data}, new float[][]{dx, w.grad(), b.grad()}, y.length, 1e-2f, 2e-3, 1);
    }

    @Test
    void embedding() {
        int B = 2, T = 3, C = 4, V = 5;
        int[] tokens = {1, 4, 1, 0, 2, 4};
        float[] wte = GradCheck.random(rnd, V * C, 1f), wpe = GradCheck.random(rnd, T * C, 1f);
        float[] dwte = new float[wte.length], dwpe = new float[wpe.length], out = new float[B * T * C];
        GradCheck.check("embedding", new GradCheck.Fn() {
            public float[] forward() {
                Encoder.forward(out, tokens, wte, wpe, B, T, C);
                return out;
            }

            public void backward(float[] dout) {
                zero(dwte, dwpe);
                Encoder.backward(dwte, dwpe, dout, tokens, B, T, C);
            }
        }, new float[][]{wte, wpe}, new float[][]{dwte, dwpe}, out.length, 1e-2f, 1e-3, 2);
    }

    @Test
    void layerNorm() {
        int rows = 5, C = 8;
        float[] x = GradCheck.random(rnd, rows * C, 2f), w = GradCheck.random(rnd, C, 1f), b = GradCheck.random(rnd, C, 1f);
        float[] dx = new float[x.length], dw = new float[C], db = new float[C];
        float[] out = new float[x.length], mean = new float[rows], rstd = new float[rows];
        GradCheck.check("layernorm", new GradCheck.Fn() {
            public float[] forward() {
                LayerNorm.forward(out, mean, rstd, x, w, b, rows, C, 1e-5f);
                return out;
            }

            public void backward(float[] dout) {
                zero(dx, dw, db);
                forward();
                LayerNorm.backward(dx, dw, db, dout, x, w, mean, rstd, rows, C);
            }
        }, new float[][]{x, w, b}, new float[][]{dx, dw, db}, out.length, 1e-2f, 5e-3, 3);
    }

    @Test
    void gelu() {
        int n = 50;
        float[] x = GradCheck.random(rnd, n, 2f), dx = new float[n], out = new float[n];
        GradCheck.check("gelu", new GradCheck.Fn() {
            public float[] forward() {
                Gelu.forward(out, x, n);
                return out;
            }

            public void backward(float[] dout) {
                zero(dx);
                Gelu.backward(dx, x, dout, n);
            }
        }, new float[][]{x}, new float[][]{dx}, n, 1e-3f, 2e-3, 4);
        // GPT-2's gelu_new at a known point
        Gelu.forward(out, new float[]{1f}, 1);
        assertEquals(0.8411920071, out[0], 1e-6);
    }

    @Test
    void causalAttention() {
        int B = 2, T = 5, C = 8, NH = 2;
        float[] qkv = GradCheck.random(rnd, B * T * 3 * C, 1f), dqkv = new float[qkv.length];
        float[] att = new float[B * NH * T * T], out = new float[B * T * C];
        GradCheck.check("attention", new GradCheck.Fn() {
            public float[] forward() {
                Attention.forward(out, att, qkv, B, T, C, NH);
                return out;
            }

            public void backward(float[] dout) {
                zero(dqkv);
                forward();
                Attention.backward(dqkv, dout, qkv, att, B, T, C, NH);
            }
        }, new float[][]{qkv}, new float[][]{dqkv}, out.length, 1e-2f, 3e-3, 5);
        // causality: changing a later position must not change earlier outputs
        Attention.forward(out, att, qkv, B, T, C, NH);
        float[] before = out.clone();
        for (int i = 0; i < 3 * C; i++) qkv[(T - 1) * 3 * C + i] += 1f;
        Attention.forward(out, att, qkv, B, T, C, NH);
        for (int i = 0; i < (T - 1) * C; i++) assertEquals(before[i], out[i]);
    }

    @Test
    void softmaxCrossEntropy() {
        int rows = 4, V = 6;
        int[] targets = {2, -1, 5, 0};
        float[] logits = GradCheck.random(rnd, rows * V, 2f), probs = new float[logits.length];
        float[] losses = new float[rows], dlogits = new float[logits.length];
        float[] lossOut = new float[1];
        GradCheck.check("softmax cross-entropy", new GradCheck.Fn() {
            public float[] forward() {
                lossOut[0] = (float) (CrossEntropy.forward(probs, losses, logits, targets, rows, V) / 3);
                return lossOut;
            }

            public void backward(float[] dout) {
                forward();
                CrossEntropy.backward(dlogits, probs, targets, rows, V, dout[0] / 3);
            }
        }, new float[][]{logits}, new float[][]{dlogits}, 1, 1e-2f, 2e-3, 6);
        // an ignored row has no loss and no gradient
        for (int i = V; i < 2 * V; i++) assertEquals(0f, dlogits[i]);
    }

    @Test
    void residual() {
        int n = 10;
        float[] a = GradCheck.random(rnd, n, 1f), b = GradCheck.random(rnd, n, 1f);
        float[] da = new float[n], db = new float[n], out = new float[n];
        GradCheck.check("residual", new GradCheck.Fn() {
            public float[] forward() {
                Residual.forward(out, a, b, n);
                return out;
            }

            public void backward(float[] dout) {
                zero(da, db);
                Residual.backward(da, db, dout, n);
            }
        }, new float[][]{a, b}, new float[][]{da, db}, n, 1e-2f, 1e-3, 7);
    }
}
