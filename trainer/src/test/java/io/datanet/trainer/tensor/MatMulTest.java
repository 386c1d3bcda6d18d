package io.datanet.trainer.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MatMulTest {

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextFloat() * 2 - 1;
        return a;
    }

    @Test
    void nnAndTnMatchDoubleReferenceAndAreBitIdenticalAcrossKernelsAndPartitions() {
        Random rnd = new Random(7);
        // odd sizes exercise the row and column tails of the register-blocked kernel
        // reductions longer than a pass (VectorKernel.KC) and not a multiple of it: nn's over k, tn's over m
        int[][] shapes = {{1, 1, 1}, {5, 3, 7}, {37, 19, 53}, {130, 64, 200}, {200, 70, 8}, {70, 300, 5}, {67, 33, 16},
                {90, 129, 12}, {33, 600, 70}, {600, 40, 50}, {9, 513, 257}};
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            float[] a = random(rnd, m * k), b = random(rnd, k * n), c0 = random(rnd, m * n);
            float[] c = c0.clone();
            MatMul.nn(c, a, b, m, k, n, true);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double ref = c0[i * n + j];
                    for (int q = 0; q < k; q++) ref += (double) a[i * k + q] * b[q * n + j];
                    assertEquals(ref, c[i * n + j], 1e-4 * Math.sqrt(k) + 1e-5);
                }
            }
            // single-threaded scalar kernel over the whole range: same bits as the parallel active kernel
            float[] cs = c0.clone();
            MatMul.scalarKernel().rows(cs, a, k, 1, b, k, n, 0, m, true);
            assertArrayEquals(cs, c, "nn " + m + "x" + k + "x" + n + " with " + MatMul.kernelName());

            // tn: C[k,n] = Aᵀ[k,m] · B2[m,n]
            float[] b2 = random(rnd, m * n), t = new float[k * n];
            MatMul.tn(t, a, b2, m, k, n, false);
            float[] ts = new float[k * n];
            MatMul.scalarKernel().rows(ts, a, 1, k, b2, m, n, 0, k, false);
            assertArrayEquals(ts, t);
            for (int q = 0; q < k; q++) {
                for (int j = 0; j < n; j++) {
                    double ref = 0;
                    for (int i = 0; i < m; i++) ref += (double) a[i * k + q] * b2[i * n + j];
                    assertEquals(ref, t[q * n + j], 1e-4 * Math.sqrt(m) + 1e-5);
                }
            }
        }
    }

    @Test
    void transposeAndColumnSums() {
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] t = new float[6];
        MatMul.transpose(a, t, 2, 3);
        assertArrayEquals(new float[]{1, 4, 2, 5, 3, 6}, t);
        float[] s = new float[3];
        MatMul.addColumnSums(s, a, 2, 3);
        assertArrayEquals(new float[]{5, 7, 9}, s);
    }
}
