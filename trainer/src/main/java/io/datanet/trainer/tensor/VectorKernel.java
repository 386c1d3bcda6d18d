package io.datanet.trainer.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked matmul micro-kernel on the JDK Vector API: 4 output rows × 4 vectors of columns held in
 * 16 accumulator registers while the reduction index runs, so each loaded B vector feeds 4 FMAs and each
 * broadcast A value 4 (narrower column tails: 4 × 2, 4 × 1, then single rows and scalar columns).
 * Loaded reflectively by {@link MatMul} only when jdk.incubator.vector is in the boot layer.
 */
final class VectorKernel implements MatMul.Kernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public void exp(float[] dst, int d0, float[] src, int s0, int n, float scale, float shift) {
        final VectorSpecies<Float> sp = S;
        int i = 0;
        for (; i + L <= n; i += L) {
            // Exp.exp's operations in its order, lane by lane (no fused multiply-add: the scalar form has none)
            FloatVector x = FloatVector.fromArray(sp, src, s0 + i).mul(scale).sub(shift).min(Exp.HI).max(Exp.LO);
            FloatVector t = x.mul(Exp.LOG2E).add(Exp.ROUND);
            IntVector e = ((IntVector) t.reinterpretAsInts()).sub(Exp.ROUND_BITS);
            FloatVector fn = t.sub(Exp.ROUND);
            FloatVector r = x.sub(fn.mul(Exp.LN2_HI)).sub(fn.mul(Exp.LN2_LO));
            FloatVector p = FloatVector.broadcast(sp, Exp.P[0]);
            for (int k = 1; k < Exp.P.length; k++) p = p.mul(r).add(Exp.P[k]);
            p = p.mul(r).mul(r).add(r).add(1f);
            FloatVector twoToE = (FloatVector) e.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            p.mul(twoToE).intoArray(dst, d0 + i);
        }
        Exp.expIntoScalar(dst, d0 + i, src, s0 + i, n - i, scale, shift);
    }

    @Override
    public float max(float[] src, int s0, int n, float scale) {
        final VectorSpecies<Float> sp = S;
        int i = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (n >= L) {
            FloatVector acc = FloatVector.broadcast(sp, Float.NEGATIVE_INFINITY);
            for (; i + L <= n; i += L) acc = acc.max(FloatVector.fromArray(sp, src, s0 + i).mul(scale));
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        return Math.max(m, Exp.maxScalar(src, s0 + i, n - i, scale));
    }

    private static final ThreadLocal<float[][]> PAD = ThreadLocal.withInitial(() -> new float[2][]);

    @Override
    public boolean handlesNarrow() {
        return true;
    }

    /**
     * Reduction indices per pass over a block of columns. A 4-row tile streams one row of B's column block per
     * step; cut into passes of KC steps, the block of B a pass reads (KC × 4 vectors, 64 KB with 512-bit vectors)
     * stays in cache while every group of rows reuses it, instead of coming from memory for each group when the
     * reduction is long (768 to 50257 in GPT-2 small; 128 measured no better than 256). The
     * partial sums go through C between passes, exactly: each output still accumulates fma over the reduction
     * index in increasing order, so the bits do not change.
     */
    static final int KC = 256;

    @Override
    public void rows(float[] c, float[] a, int ars, int ais, float[] b, int inner, int n, int r0, int r1,
                     boolean acc) {
        if (n < L) {
            skinny(c, a, ars, ais, b, inner, n, r0, r1, acc);
            return;
        }
        int k0 = 0;
        do { // at least one pass, so an empty reduction still writes zeros when not accumulating
            pass(c, a, ars, ais, b, k0, Math.min(inner, k0 + KC), n, r0, r1, acc || k0 > 0);
            k0 += KC;
        } while (k0 < inner);
    }

    /** C rows [r0, r1) (+)= A(r, k0..k1) · B[k0..k1, :]. */
    private static void pass(float[] c, float[] a, int ars, int ais, float[] b, int k0, int k1, int n, int r0,
                             int r1, boolean acc) {
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) {
            int r = r0;
            for (; r + 4 <= r1; r += 4) block4x4(c, a, ars, ais, b, k0, k1, n, r, j, acc);
            for (; r < r1; r++) {
                for (int q = 0; q < 4; q++) block1(c, a, ars, ais, b, k0, k1, n, r, j + q * L, acc);
            }
        }
        for (; j + 2 * L <= n; j += 2 * L) {
            int r = r0;
            for (; r + 4 <= r1; r += 4) block4x2(c, a, ars, ais, b, k0, k1, n, r, j, acc);
            for (; r < r1; r++) {
                block1(c, a, ars, ais, b, k0, k1, n, r, j, acc);
                block1(c, a, ars, ais, b, k0, k1, n, r, j + L, acc);
            }
        }
        if (j + L <= n) {
            int r = r0;
            for (; r + 4 <= r1; r += 4) block4x1(c, a, ars, ais, b, k0, k1, n, r, j, acc);
            for (; r < r1; r++) block1(c, a, ars, ais, b, k0, k1, n, r, j, acc);
            j += L;
        }
        if (j < n) {
            // fewer than one vector of columns left: scalar fma, same rounding as the vector lanes
            for (int r = r0; r < r1; r++) {
                int cr = r * n, ar = r * ars;
                for (int jj = j; jj < n; jj++) {
                    float x = acc ? c[cr + jj] : 0f;
                    for (int i = k0; i < k1; i++) x = Math.fma(a[ar + i * ais], b[i * n + jj], x);
                    c[cr + jj] = x;
                }
            }
        }
    }

    /**
     * Outputs narrower than a vector (a rank-r adapter's x·A, dy·Bᵀ, xᵀ·du): B's rows are copied into
     * vector-wide zero-padded rows so each reduction step is one unmasked load and one fma per output row.
     */
    private static void skinny(float[] c, float[] a, int ars, int ais, float[] b, int inner, int n, int r0, int r1,
                               boolean acc) {
        // one constant species: C2 only intrinsifies Vector API calls whose species is a constant
        final VectorSpecies<Float> sp = S;
        final int w = L;
        float[][] pads = PAD.get();
        if (pads[0] == null || pads[0].length < inner * w) pads[0] = new float[inner * w];
        if (pads[1] == null || pads[1].length < 4 * w) pads[1] = new float[4 * w];
        float[] bp = pads[0], tmp = pads[1];
        java.util.Arrays.fill(bp, 0, inner * w, 0f);
        for (int i = 0; i < inner; i++) System.arraycopy(b, i * n, bp, i * w, n);
        int r = r0;
        for (; r + 4 <= r1; r += 4) {
            for (int q = 0; q < 4; q++) {
                for (int j = 0; j < w; j++) tmp[q * w + j] = acc && j < n ? c[(r + q) * n + j] : 0f;
            }
            FloatVector x0 = FloatVector.fromArray(sp, tmp, 0), x1 = FloatVector.fromArray(sp, tmp, w);
            FloatVector x2 = FloatVector.fromArray(sp, tmp, 2 * w), x3 = FloatVector.fromArray(sp, tmp, 3 * w);
            int a0 = r * ars, a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
            for (int i = 0; i < inner; i++) {
                FloatVector bv = FloatVector.fromArray(sp, bp, i * w);
                int ai = i * ais;
                x0 = FloatVector.broadcast(sp, a[a0 + ai]).fma(bv, x0);
                x1 = FloatVector.broadcast(sp, a[a1 + ai]).fma(bv, x1);
                x2 = FloatVector.broadcast(sp, a[a2 + ai]).fma(bv, x2);
                x3 = FloatVector.broadcast(sp, a[a3 + ai]).fma(bv, x3);
            }
            x0.intoArray(tmp, 0);
            x1.intoArray(tmp, w);
            x2.intoArray(tmp, 2 * w);
            x3.intoArray(tmp, 3 * w);
            for (int q = 0; q < 4; q++) System.arraycopy(tmp, q * w, c, (r + q) * n, n);
        }
        for (; r < r1; r++) {
            for (int j = 0; j < w; j++) tmp[j] = acc && j < n ? c[r * n + j] : 0f;
            FloatVector x = FloatVector.fromArray(sp, tmp, 0);
            for (int i = 0; i < inner; i++) {
                x = FloatVector.broadcast(sp, a[r * ars + i * ais]).fma(FloatVector.fromArray(sp, bp, i * w), x);
            }
            x.intoArray(tmp, 0);
            System.arraycopy(tmp, 0, c, r * n, n);
        }
    }

    private static void block4x1(float[] c, float[] a, int ars, int ais, float[] b, int k0, int k1, int n, int r,
                                 int j, boolean acc) {
        int c0 = r * n + j, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        FloatVector z = FloatVector.zero(S);
        FloatVector x0 = acc ? FloatVector.fromArray(S, c, c0) : z, x1 = acc ? FloatVector.fromArray(S, c, c1) : z;
        FloatVector x2 = acc ? FloatVector.fromArray(S, c, c2) : z, x3 = acc ? FloatVector.fromArray(S, c, c3) : z;
        int a0 = r * ars, a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
        for (int i = k0; i < k1; i++) {
            FloatVector bv = FloatVector.fromArray(S, b, i * n + j);
            int ai = i * ais;
            x0 = FloatVector.broadcast(S, a[a0 + ai]).fma(bv, x0);
            x1 = FloatVector.broadcast(S, a[a1 + ai]).fma(bv, x1);
            x2 = FloatVector.broadcast(S, a[a2 + ai]).fma(bv, x2);
            x3 = FloatVector.broadcast(S, a[a3 + ai]).fma(bv, x3);
        }
        x0.intoArray(c, c0);
        x1.intoArray(c, c1);
        x2.intoArray(c, c2);
        x3.intoArray(c, c3);
    }

    private static void block4x2(float[] c, float[] a, int ars, int ais, float[] b, int k0, int k1, int n, int r,
                                 int j, boolean acc) {
        int c0 = r * n + j, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        FloatVector z = FloatVector.zero(S);
        FloatVector x00 = acc ? FloatVector.fromArray(S, c, c0) : z, x01 = acc ? FloatVector.fromArray(S, c, c0 + L) : z;
        FloatVector x10 = acc ? FloatVector.fromArray(S, c, c1) : z, x11 = acc ? FloatVector.fromArray(S, c, c1 + L) : z;
        FloatVector x20 = acc ? FloatVector.fromArray(S, c, c2) : z, x21 = acc ? FloatVector.fromArray(S, c, c2 + L) : z;
        FloatVector x30 = acc ? FloatVector.fromArray(S, c, c3) : z, x31 = acc ? FloatVector.fromArray(S, c, c3 + L) : z;
        int a0 = r * ars, a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
        for (int i = k0; i < k1; i++) {
            int bi = i * n + j;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            int ai = i * ais;
            FloatVector v0 = FloatVector.broadcast(S, a[a0 + ai]);
            x00 = v0.fma(b0, x00);
            x01 = v0.fma(b1, x01);
            FloatVector v1 = FloatVector.broadcast(S, a[a1 + ai]);
            x10 = v1.fma(b0, x10);
            x11 = v1.fma(b1, x11);
            FloatVector v2 = FloatVector.broadcast(S, a[a2 + ai]);
            x20 = v2.fma(b0, x20);
            x21 = v2.fma(b1, x21);
            FloatVector v3 = FloatVector.broadcast(S, a[a3 + ai]);
            x30 = v3.fma(b0, x30);
            x31 = v3.fma(b1, x31);
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + L);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + L);
    }

    /** 4 rows × 4 vectors: 16 accumulators, each step 4 broadcasts and 4 loads for 16 FMAs. */
    private static void block4x4(float[] c, float[] a, int ars, int ais, float[] b, int k0, int k1, int n, int r,
                                 int j, boolean acc) {
        int c0 = r * n + j, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        FloatVector z = FloatVector.zero(S);
        FloatVector x00 = acc ? FloatVector.fromArray(S, c, c0) : z, x01 = acc ? FloatVector.fromArray(S, c, c0 + L) : z;
        FloatVector x02 = acc ? FloatVector.fromArray(S, c, c0 + 2 * L) : z, x03 = acc ? FloatVector.fromArray(S, c, c0 + 3 * L) : z;
        FloatVector x10 = acc ? FloatVector.fromArray(S, c, c1) : z, x11 = acc ? FloatVector.fromArray(S, c, c1 + L) : z;
        FloatVector x12 = acc ? FloatVector.fromArray(S, c, c1 + 2 * L) : z, x13 = acc ? FloatVector.fromArray(S, c, c1 + 3 * L) : z;
        FloatVector x20 = acc ? FloatVector.fromArray(S, c, c2) : z, x21 = acc ? FloatVector.fromArray(S, c, c2 + L) : z;
        FloatVector x22 = acc ? FloatVector.fromArray(S, c, c2 + 2 * L) : z, x23 = acc ? FloatVector.fromArray(S, c, c2 + 3 * L) : z;
        FloatVector x30 = acc ? FloatVector.fromArray(S, c, c3) : z, x31 = acc ? FloatVector.fromArray(S, c, c3 + L) : z;
        FloatVector x32 = acc ? FloatVector.fromArray(S, c, c3 + 2 * L) : z, x33 = acc ? FloatVector.fromArray(S, c, c3 + 3 * L) : z;
        int a0 = r * ars, a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
        for (int i = k0; i < k1; i++) {
            int bi = i * n + j;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            int ai = i * ais;
            FloatVector v = FloatVector.broadcast(S, a[a0 + ai]);
            x00 = v.fma(b0, x00);
            x01 = v.fma(b1, x01);
            x02 = v.fma(b2, x02);
            x03 = v.fma(b3, x03);
            v = FloatVector.broadcast(S, a[a1 + ai]);
            x10 = v.fma(b0, x10);
            x11 = v.fma(b1, x11);
            x12 = v.fma(b2, x12);
            x13 = v.fma(b3, x13);
            v = FloatVector.broadcast(S, a[a2 + ai]);
            x20 = v.fma(b0, x20);
            x21 = v.fma(b1, x21);
            x22 = v.fma(b2, x22);
            x23 = v.fma(b3, x23);
            v = FloatVector.broadcast(S, a[a3 + ai]);
            x30 = v.fma(b0, x30);
            x31 = v.fma(b1, x31);
            x32 = v.fma(b2, x32);
            x33 = v.fma(b3, x33);
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x02.intoArray(c, c0 + 2 * L);
        x03.intoArray(c, c0 + 3 * L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x12.intoArray(c, c1 + 2 * L);
        x13.intoArray(c, c1 + 3 * L);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + L);
        x22.intoArray(c, c2 + 2 * L);
        x23.intoArray(c, c2 + 3 * L);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + L);
        x32.intoArray(c, c3 + 2 * L);
        x33.intoArray(c, c3 + 3 * L);
    }

    private static void block1(float[] c, float[] a, int ars, int ais, float[] b, int k0, int k1, int n, int r, int j,
                               boolean acc) {
        int ci = r * n + j;
        FloatVector x = acc ? FloatVector.fromArray(S, c, ci) : FloatVector.zero(S);
        int ar = r * ars;
        for (int i = k0; i < k1; i++) {
            FloatVector bv = FloatVector.fromArray(S, b, i * n + j);
            x = FloatVector.broadcast(S, a[ar + i * ais]).fma(bv, x);
        }
        x.intoArray(c, ci);
    }
}
