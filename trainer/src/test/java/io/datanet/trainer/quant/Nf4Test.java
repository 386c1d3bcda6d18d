package io.datanet.trainer.quant;

import io.datanet.trainer.lora.LoraLinear;
import io.datanet.trainer.nn.DenseLinear;
import io.datanet.trainer.nn.GradCheck;
import io.datanet.trainer.nn.Param;
import io.datanet.trainer.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class Nf4Test {
    private final Random rnd = new Random(11);

    @Test
    void levelsAreTheQloraTable() {
        assertEquals(16, Nf4.LEVELS.length);
        assertEquals(-1f, Nf4.LEVELS[0]);
        assertEquals(0f, Nf4.LEVELS[7]);
        assertEquals(1f, Nf4.LEVELS[15]);
        for (int i = 1; i < 16; i++) assertTrue(Nf4.LEVELS[i] > Nf4.LEVELS[i - 1]);
        for (int i = 0; i < 16; i++) assertEquals(i, Nf4.nearest(Nf4.LEVELS[i]));
    }

    /**
     * Gaussian weights: every element is within half the widest level gap of its block's absmax (plus the
     * double-quantisation error of that absmax), and the relative RMS error is ≈ 0.1, below a uniform 4-bit
     * absmax grid on the same blocks (NF4's point: equal-mass bins for normally distributed weights).
     */
    @Test
    void roundTripErrorOnNormalWeights() {
        int n = 64 * 1000 + 17; // a partial last block too
        float[] w = GradCheck.random(rnd, n, 0.02f);
        Nf4.Tensor q = Nf4.quantize(w, new int[]{n});
        float[] d = q.dequantize();
        double maxGap = 0;
        for (int i = 1; i < 16; i++) maxGap = Math.max(maxGap, Nf4.LEVELS[i] - Nf4.LEVELS[i - 1]);
        double se = 0, sw = 0, seInt4 = 0;
        for (int b = 0; b * 64 < n; b++) {
            float absmax = 0;
            for (int i = b * 64; i < Math.min(n, b * 64 + 64); i++) absmax = Math.max(absmax, Math.abs(w[i]));
            for (int i = b * 64; i < Math.min(n, b * 64 + 64); i++) {
                double err = Math.abs(d[i] - w[i]);
                assertTrue(err <= absmax * (maxGap / 2 + 0.01), "element " + i + " error " + err);
                se += err * err;
                sw += (double) w[i] * w[i];
                // symmetric int4 absmax grid: 15 levels −7..7
                double qi = Math.round(w[i] / absmax * 7) / 7.0 * absmax;
                seInt4 += (qi - w[i]) * (qi - w[i]);
            }
        }
        double rel = Math.sqrt(se / sw), relInt4 = Math.sqrt(seInt4 / sw);
        System.out.printf("NF4 relative RMS error %.4f (int4 absmax %.4f), %.3f bits per weight%n", rel, relInt4,
                8.0 * q.bytes() / n);
        assertTrue(rel < 0.12, "relative RMS error " + rel);
        assertTrue(rel < relInt4, "NF4 beats a uniform 4-bit grid on normal weights");
        assertTrue(8.0 * q.bytes() / n < 4.2);
        // zero blocks stay exactly zero
        float[] z = new float[128];
        assertArrayEquals(z, Nf4.quantize(z, new int[]{128}).dequantize());
    }

    @Test
    void transposedDequantisationMatches() {
        int in = 24, out = 40;
        float[] w = GradCheck.random(rnd, in * out, 1f);
        Nf4.Tensor q = Nf4.quantize(w, new int[]{in, out});
        float[] d = q.dequantize(), t = new float[in * out];
        q.dequantizeTransposed(t);
        for (int i = 0; i < in; i++) for (int j = 0; j < out; j++) assertEquals(d[i * out + j], t[j * in + i]);
    }

    /** Gradient check through LoRA over a quantised base: input and adapter gradients; the base gets none. */
    @Test
    void gradientCheckThroughQuantisedLayer() {
        int rows = 4, in = 16, out = 12, r = 4;
        Param w = new Param("w", new int[]{in, out}, GradCheck.random(rnd, in * out, 0.5f), false);
        Param b = new Param("b", new int[]{out}, GradCheck.random(rnd, out, 0.5f), false);
        Nf4Linear base = Nf4Linear.quantize("h.0.attn.c_attn", new DenseLinear(w, b));
        LoraLinear lora = new LoraLinear("h.0.attn.c_attn", base, r, 8f, 0.1f, new Rng(3));
        for (int i = 0; i < lora.b.size(); i++) lora.b.data[i] = (float) rnd.nextGaussian() * 0.3f;
        lora.setTraining(true, 99L);
        float[] x = GradCheck.checkLora("qlora linear (nf4 base)", lora, rows, rnd, 31);
        // the forward really uses the dequantised weight
        float[] y2 = new float[rows * out];
        base.forward(y2, x, rows);
        float[] deq = base.weight.dequantize();
        double ref = b.data[2];
        for (int k = 0; k < in; k++) ref += (double) x[in + k] * deq[k * out + 2];
        assertEquals(ref, y2[out + 2], 1e-4);
        assertEquals(base.weight.bytes() + 4L * out, base.baseBytes());
    }
}
