package io.datanet.trainer.lora;

import io.datanet.trainer.nn.Linear;
import io.datanet.trainer.nn.Param;
import io.datanet.trainer.nn.Scratch;
import io.datanet.trainer.tensor.MatMul;
import io.datanet.trainer.tensor.Parallel;
import io.datanet.trainer.tensor.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * A frozen base projection plus a low-rank update: y = base(x) + s · (drop(x) · A) · B, with s = alpha / r.
 *
 * <p>A is stored as [in, r] and B as [r, out] (the Conv1D orientation, so every product uses the same kernel);
 * PEFT's lora_A.weight [r, in] and lora_B.weight [out, r] are their transposes (see {@link Adapter}).
 * Dropout masks are a pure function of (dropout key, layer id, element index), so a resumed run and an
 * uninterrupted one draw the same masks.
 */
public final class LoraLinear implements Linear {
    public final String module;
    public final Linear base;
    public final Param a, b;
    private final int in, out, r;
    private final float scaling, dropout;
    private final long layerId;
    private long dropoutKey;
    private boolean training;
    // saved for backward: dropped input, its mask (1/(1−p) where kept, 0 where dropped) and s·(drop(x)·A)
    private float[] xd, us, mask;

    public LoraLinear(String module, Linear base, int r, float alpha, float dropout, Rng initRng) {
        this.module = module;
        this.base = base;
        this.in = base.inFeatures();
        this.out = base.outFeatures();
        this.r = r;
        this.scaling = alpha / r;
        this.dropout = dropout;
        this.layerId = module.hashCode();
        // PEFT: kaiming_uniform_(a=√5) on A → U(−1/√in, 1/√in); B = 0 so the adapted model starts equal to the base
        float bound = (float) (1.0 / Math.sqrt(in));
        float[] ad = new float[in * r];
        for (int i = 0; i < ad.length; i++) ad[i] = (2 * initRng.nextFloat() - 1) * bound;
        this.a = new Param(module + ".lora_A", new int[]{in, r}, ad, true);
        this.b = new Param(module + ".lora_B", new int[]{r, out}, new float[r * out], true);
    }

    /** Dropout is active only in training mode; the key selects the masks for one micro-batch. */
    public void setTraining(boolean training, long dropoutKey) {
        this.training = training;
        this.dropoutKey = dropoutKey;
    }

    private boolean dropping() {
        return training && dropout > 0;
    }

    @Override
    public int inFeatures() {
        return in;
    }

    @Override
    public int outFeatures() {
        return out;
    }

    public int rank() {
        return r;
    }

    public float scaling() {
        return scaling;
    }

    @Override
    public void forward(float[] y, float[] x, int rows) {
        base.forward(y, x, rows);
        float[] xin = x;
        if (dropping()) {
            int n = rows * in;
            if (xd == null || xd.length < n) {
                xd = new float[n];
                mask = new float[n];
            }
            float[] dst = xd, m = mask;
            drawMask(m, n);
            // a product with the mask, not a branch: C2 vectorises it
            Parallel.forRange(n, 64, 1 << 14, (i0, i1) -> {
                for (int i = i0; i < i1; i++) dst[i] = x[i] * m[i];
            });
            xin = xd;
        } else {
            xd = null;
        }
        if (us == null || us.length < rows * r) us = new float[rows * r];
        MatMul.nn(us, xin, a.data, rows, in, r, false);
        for (int i = 0; i < rows * r; i++) us[i] *= scaling;
        MatMul.nn(y, us, b.data, rows, r, out, true);
    }

    @Override
    public void backward(float[] dx, float[] dy, float[] x, int rows) {
        base.backward(dx, dy, x, rows);
        float[] xin = xd != null ? xd : x;
        // du = s · dy · Bᵀ
        float[] bt = Scratch.get(Scratch.LORA_B, r * out);
        MatMul.transpose(b.data, bt, r, out);
        float[] du = Scratch.get(Scratch.LORA_A, rows * r);
        MatMul.nn(du, dy, bt, rows, out, r, false);
        for (int i = 0; i < rows * r; i++) du[i] *= scaling;
        if (b.trainable()) MatMul.tn(b.grad(), us, dy, rows, r, out, true); // dB += (s·u)ᵀ · dy
        if (a.trainable()) MatMul.tn(a.grad(), xin, du, rows, in, r, true);  // dA += drop(x)ᵀ · du
        if (dx != null) {
            float[] at = new float[r * in];
            MatMul.transpose(a.data, at, in, r);
            if (xd == null) {
                MatMul.nn(dx, du, at, rows, r, in, true);
            } else {
                float[] dxd = Scratch.get(Scratch.LORA_X, rows * in);
                MatMul.nn(dxd, du, at, rows, r, in, false);
                float[] m = mask;
                Parallel.forRange(rows * in, 64, 1 << 14, (i0, i1) -> {
                    for (int i = i0; i < i1; i++) dx[i] += dxd[i] * m[i];
                });
            }
        }
    }

    /**
     * mask[i] = 1/(1 − p) if uniform16(key, i) ≥ p (kept) else 0, for i &lt; n. uniform16 takes four 16-bit draws
     * from one hash, so each hash is computed once for its four elements here instead of once per element, and the
     * backward pass reads the mask instead of drawing it again: the same masks as before, a quarter of the hashing.
     */
    private void drawMask(float[] mask, int n) {
        long key = Rng.key(dropoutKey, layerId);
        int threshold = (int) Math.ceil(dropout * 65536.0); // u·2⁻¹⁶ < p ⇔ u < ⌈p·2¹⁶⌉ for an integer u
        float keep = 1f / (1f - dropout);
        Parallel.forRange((n + 3) / 4, 16, 1 << 12, (g0, g1) -> {
            for (int g = g0; g < g1; g++) {
                long h = Rng.uniform16Bits(key, g);
                for (int lane = 0, i = 4 * g; lane < 4 && i < n; lane++, i++) {
                    mask[i] = ((h >>> (lane << 4)) & 0xffff) >= threshold ? keep : 0f;
                }
            }
        });
    }

    /** ΔW = s · A · B in the base's [in, out] layout. */
    public float[] delta() {
        float[] d = new float[in * out];
        MatMul.nn(d, a.data, b.data, in, r, out, false);
        for (int i = 0; i < d.length; i++) d[i] *= scaling;
        return d;
    }

    @Override
    public List<Param> parameters() {
        List<Param> ps = new ArrayList<>(base.parameters());
        ps.add(a);
        ps.add(b);
        return ps;
    }

    @Override
    public long baseBytes() {
        return base.baseBytes();
    }
}
