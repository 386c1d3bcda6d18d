package io.datanet.trainer.nn;

import io.datanet.trainer.tensor.Exp;
import io.datanet.trainer.tensor.MatMul;
import io.datanet.trainer.tensor.Parallel;

/**
 * Causal multi-head self-attention core (after the c_attn projection, before c_proj).
 * inp is qkv [B,T,3C] laid out as [q | k | v] per position with heads contiguous inside each; att [B,NH,T,T]
 * keeps the softmax probabilities (zero above the diagonal) for the backward pass; out is [B,T,C].
 *
 * <p>Each (batch, head) pair is gathered into contiguous [T, hs] matrices and done with the matmul kernel:
 * S = Q·Kᵀ/√hs, P = softmax(mask(S)), O = P·V. Pairs run in parallel and own disjoint outputs.
 */
public final class Attention {
    private Attention() {
    }

    private static final class Work {
        final float[] q, k, v, kt, s, o, dO, dq, dk, dv;

        Work(int T, int hs) {
            q = new float[T * hs];
            k = new float[T * hs];
            v = new float[T * hs];
            kt = new float[T * hs];
            s = new float[T * T];
            o = new float[T * hs];
            dO = new float[T * hs];
            dq = new float[T * hs];
            dk = new float[T * hs];
            dv = new float[T * hs];
        }
    }

    private static void gather(float[] dst, float[] src, int b, int T, int stride, int offset, int hs) {
        for (int t = 0; t < T; t++) System.arraycopy(src, (b * T + t) * stride + offset, dst, t * hs, hs);
    }

    public static void forward(float[] out, float[] att, float[] inp, int B, int T, int C, int NH) {
        int hs = C / NH, C3 = 3 * C;
        float scale = (float) (1.0 / Math.sqrt(hs));
        Parallel.forRange(B * NH, 1, 1, (p0, p1) -> {
            Work w = new Work(T, hs);
            for (int p = p0; p < p1; p++) {
                int b = p / NH, h = p % NH;
                gather(w.q, inp, b, T, C3, h * hs, hs);
                gather(w.k, inp, b, T, C3, C + h * hs, hs);
                gather(w.v, inp, b, T, C3, 2 * C + h * hs, hs);
                MatMul.transposeSerial(w.k, w.kt, T, hs);
                MatMul.nnSerial(w.s, w.q, w.kt, T, hs, T, false);
                int a0 = p * T * T;
                for (int t = 0; t < T; t++) {
                    int r = t * T;
                    float max = Exp.max(w.s, r, t + 1, scale);
                    Exp.expInto(att, a0 + r, w.s, r, t + 1, scale, max);
                    float sum = 0f;
                    for (int t2 = 0; t2 <= t; t2++) sum += att[a0 + r + t2];
                    float inv = 1f / sum;
                    for (int t2 = 0; t2 <= t; t2++) att[a0 + r + t2] *= inv;
                    for (int t2 = t + 1; t2 < T; t2++) att[a0 + r + t2] = 0f;
                }
                System.arraycopy(att, a0, w.s, 0, T * T);
                MatMul.nnSerial(w.o, w.s, w.v, T, T, hs, false);
                for (int t = 0; t < T; t++) System.arraycopy(w.o, t * hs, out, (b * T + t) * C + h * hs, hs);
            }
        });
    }

    /** dinp += ∂/∂qkv. */
    public static void backward(float[] dinp, float[] dout, float[] inp, float[] att, int B, int T, int C,
                                int NH) {
        int hs = C / NH, C3 = 3 * C;
        float scale = (float) (1.0 / Math.sqrt(hs));
        Parallel.forRange(B * NH, 1, 1, (p0, p1) -> {
            Work w = new Work(T, hs);
            float[] p = new float[T * T], ds = w.s, vt = w.kt;
            for (int pair = p0; pair < p1; pair++) {
                int b = pair / NH, h = pair % NH;
                gather(w.q, inp, b, T, C3, h * hs, hs);
                gather(w.k, inp, b, T, C3, C + h * hs, hs);
                gather(w.v, inp, b, T, C3, 2 * C + h * hs, hs);
                gather(w.dO, dout, b, T, C, h * hs, hs);
                System.arraycopy(att, pair * T * T, p, 0, T * T);
                // dP = dO · Vᵀ
                MatMul.transposeSerial(w.v, vt, T, hs);
                MatMul.nnSerial(ds, w.dO, vt, T, hs, T, false);
                // softmax backward: dS = P ⊙ (dP − Σ_j P·dP) · scale (P is 0 above the diagonal)
                for (int t = 0; t < T; t++) {
                    int r = t * T;
                    float dot = 0f;
                    for (int t2 = 0; t2 <= t; t2++) dot += p[r + t2] * ds[r + t2];
                    for (int t2 = 0; t2 <= t; t2++) ds[r + t2] = p[r + t2] * (ds[r + t2] - dot) * scale;
                    for (int t2 = t + 1; t2 < T; t2++) ds[r + t2] = 0f;
                }
                MatMul.nnSerial(w.dq, ds, w.k, T, T, hs, false);   // dQ = dS · K
                MatMul.tnSerial(w.dk, ds, w.q, T, T, hs, false);   // dK = dSᵀ · Q
                MatMul.tnSerial(w.dv, p, w.dO, T, T, hs, false);   // dV = Pᵀ · dO
                for (int t = 0; t < T; t++) {
                    int base = (b * T + t) * C3 + h * hs;
                    for (int i = 0; i < hs; i++) {
                        dinp[base + i] += w.dq[t * hs + i];
                        dinp[base + C + i] += w.dk[t * hs + i];
                        dinp[base + 2 * C + i] += w.dv[t * hs + i];
                    }
                }
            }
        });
    }
}
