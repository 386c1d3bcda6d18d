package io.datanet.trainer.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The softmaxes' exp: accurate over its whole range, and the same bits from the vector kernel and the scalar one. */
class ExpTest {
    @Test
    void isWithinTwoTenthsOfAMillionthRelatively() {
        double worst = 0;
        for (float x = -87f; x <= 88f; x += 1e-3f) {
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(Exp.exp(x) - exact) / exact);
        }
        assertTrue(worst < 2e-7, "worst relative error " + worst);
        assertEquals(1f, Exp.exp(0f));
        // far below the range: the smallest normal float, which no softmax sum can tell from 0
        assertEquals(Float.MIN_NORMAL, Exp.exp(-1000f), 1e-40f);
        assertTrue(Float.isNaN(Exp.exp(Float.NaN)), "NaN must reach the loss, where divergence is detected");
    }

    @Test
    void activeKernelGivesTheScalarBitsForExpAndMax() {
        Random rnd = new Random(3);
        for (int n : new int[]{0, 1, 7, 16, 17, 63, 64, 129, 1000}) {
            float[] src = new float[n + 5];
            for (int i = 0; i < src.length; i++) src[i] = (float) (rnd.nextGaussian() * 30);
            float scale = 0.125f, shift = 3.5f;
            float[] vector = new float[n + 2], scalar = new float[n + 2];
            Exp.expInto(vector, 2, src, 5, n, scale, shift);
            Exp.expIntoScalar(scalar, 2, src, 5, n, scale, shift);
            assertArrayEquals(scalar, vector, "exp over " + n + " values with " + MatMul.kernelName());
            assertEquals(Exp.maxScalar(src, 5, n, scale), Exp.max(src, 5, n, scale), "max over " + n);
        }
    }
}
