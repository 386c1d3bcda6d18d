package io.datanet.trainer.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GELU's fast float32 tanh against double-precision Math, over its whole useful range. */
class ApproximationsTest {
    @Test
    void geluTanhIsWithinFourTenthsOfAMillionth() {
        double worst = 0;
        for (float x = -12f; x <= 12f; x += 1e-4f) worst = Math.max(worst, Math.abs(Gelu.tanh(x) - Math.tanh(x)));
        assertTrue(worst < 4e-7, "worst absolute error " + worst);
        assertEquals(1f, Gelu.tanh(40f));
        assertEquals(-1f, Gelu.tanh(-40f));
    }

    @Test
    void geluMatchesTheDoublePrecisionFormula() {
        int n = 4001;
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) x[i] = -10f + i * 0.005f;
        Gelu.forward(y, x, n);
        for (int i = 0; i < n; i++) {
            double v = x[i], exact = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            assertEquals(exact, y[i], 1e-6 * (1 + Math.abs(v)), "gelu(" + v + ")");
        }
    }
}
