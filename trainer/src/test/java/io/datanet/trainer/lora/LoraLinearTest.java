package io.datanet.trainer.lora;

import io.datanet.trainer.nn.DenseLinear;
import io.datanet.trainer.nn.GradCheck;
import io.datanet.trainer.nn.Param;
import io.datanet.trainer.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class LoraLinearTest {
    private final Random rnd = new Random(5);

    private DenseLinear frozenBase(int in, int out) {
        Param w = new Param("w", new int[]{in, out}, GradCheck.random(rnd, in * out, 0.5f), false);
        Param b = new Param("b", new int[]{out}, GradCheck.random(rnd, out, 0.5f), false);
        return new DenseLinear(w, b);
    }

    @Test
    void startsEqualToTheBaseAndMergesExactly() {
        int rows = 3, in = 6, out = 5;
        DenseLinear base = frozenBase(in, out);
        LoraLinear lora = new LoraLinear("h.0.attn.c_attn", base, 2, 4f, 0f, new Rng(1));
        float[] x = GradCheck.random(rnd, rows * in, 1f), y0 = new float[rows * out], y1 = new float[rows * out];
        base.forward(y0, x, rows);
        lora.forward(y1, x, rows);
        assertArrayEquals(y0, y1, "B = 0 at initialisation");
        // A is Kaiming-uniform: within ±1/√in
        for (float v : lora.a.data) assertTrue(Math.abs(v) <= 1 / Math.sqrt(in));
        for (int i = 0; i < lora.b.size(); i++) lora.b.data[i] = (float) rnd.nextGaussian();
        lora.forward(y1, x, rows);
        float[] merged = base.weight.data.clone(), delta = lora.delta();
        for (int i = 0; i < merged.length; i++) merged[i] += delta[i];
        DenseLinear m = new DenseLinear(new Param("m", new int[]{in, out}, merged, false), base.bias);
        m.forward(y0, x, rows);
        for (int i = 0; i < y0.length; i++) assertEquals(y0[i], y1[i], 1e-4);
        assertEquals(2f, lora.scaling());
    }

    @Test
    void gradientCheckWithDropout() {
        int rows = 4, in = 6, out = 5, r = 3;
        DenseLinear base = frozenBase(in, out);
        LoraLinear lora = new LoraLinear("h.1.mlp.c_fc", base, r, 6f, 0.3f, new Rng(2));
        for (int i = 0; i < lora.b.size(); i++) lora.b.data[i] = (float) rnd.nextGaussian() * 0.5f;
        lora.setTraining(true, 1234L); // fixed masks: the function is deterministic for the check
        float[] x = GradCheck.checkLora("lora linear (dropout 0.3)", lora, rows, rnd, 21);
        float[] y = new float[rows * out];
        assertNull(base.weight.grad(), "base stays frozen");
        // dropout really drops: some input elements get no adapter gradient
        lora.setTraining(false, 0);
        lora.forward(y, x, rows);
        float[] yEval = y.clone();
        lora.setTraining(true, 1234L);
        lora.forward(y, x, rows);
        assertFalse(Arrays.equals(yEval, y));
    }

    @Test
    void peftTargetMatching() {
        LoraConfig c = new LoraConfig(4, 8, 0, java.util.List.of("c_attn", "attn.c_proj"));
        assertTrue(c.targets("h.0.attn.c_attn"));
        assertTrue(c.targets("h.0.attn.c_proj"));
        assertFalse(c.targets("h.0.mlp.c_proj"));
        assertFalse(c.targets("h.0.mlp.c_fc"));
    }
}
