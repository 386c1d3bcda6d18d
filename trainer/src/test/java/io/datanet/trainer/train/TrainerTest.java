package io.datanet.trainer.train;

import io.datanet.trainer.lora.LoraConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrainerTest {
    static TrainingConfig.Builder tinyConfig() throws IOException {
        return TrainingConfig.builder(Fixtures.tinyModel()).seqLen(64).microBatch(4).gradAccum(2).steps(20).lr(2e-2f)
                .warmupSteps(2).lora(new LoraConfig(4, 8f, 0.1f, List.of("c_attn", "c_proj", "c_fc")))
                .checkpointEvery(4).seed(7);
    }

    @Test
    void sameInputsGiveBitIdenticalAdaptersAndTrainingHelps() throws IOException {
        List<Example> data = Fixtures.weatherExamples(40, "alice", 1);
        List<Double> losses = new ArrayList<>();
        TrainingResult a = Trainer.fineTune(tinyConfig().build(), data, p -> losses.add(p.loss()), CheckpointStore.NONE);
        TrainingResult b = Trainer.fineTune(tinyConfig().build(), data, ProgressListener.NONE, CheckpointStore.NONE);
        assertEquals(a.adapterSha256(), b.adapterSha256());
        assertEquals(a.adapted().loss(), b.adapted().loss());
        TrainingResult c = Trainer.fineTune(tinyConfig().seed(8).build(), data, ProgressListener.NONE, CheckpointStore.NONE);
        assertNotEquals(a.adapterSha256(), c.adapterSha256());

        assertEquals(20, losses.size());
        assertTrue(a.adapted().loss() < a.base().loss() - 0.5,
                "held-out loss " + a.base().loss() + " → " + a.adapted().loss());
        assertEquals(a.base().loss(), a.quantizedBase().loss());
        // r·(in+out) per adapted module: c_attn 4·(32+96), attn.c_proj 4·64, c_fc 4·(32+128), mlp.c_proj 4·(128+32)
        assertEquals(2L * (4 * (32 + 96) + 4 * 64 + 4 * 160 + 4 * 160), a.trainableParameters());
    }

    @Test
    void gradientAccumulationMatchesOneBigBatch() throws IOException {
        // 2 × 4 accumulated and 1 × 8 see the same windows with the same loss normalisation (no dropout)
        List<Example> data = Fixtures.weatherExamples(24, "bob", 2);
        LoraConfig noDrop = new LoraConfig(4, 8f, 0f, List.of("c_attn"));
        TrainingResult acc = Trainer.fineTune(tinyConfig().lora(noDrop).steps(3).build(), data,
                ProgressListener.NONE, CheckpointStore.NONE);
        TrainingResult big = Trainer.fineTune(tinyConfig().lora(noDrop).steps(3).microBatch(8).gradAccum(1).build(),
                data, ProgressListener.NONE, CheckpointStore.NONE);
        var sa = acc.adapter().state();
        var sb = big.adapter().state();
        for (String k : sa.keySet()) {
            for (int i = 0; i < sa.get(k).length; i++) assertEquals(sa.get(k)[i], sb.get(k)[i], 1e-5, k);
        }
    }

    @Test
    void aDivergingRunStopsAtTheFirstNonFiniteStepWithAReasonAndNeverReportsNaN() throws IOException {
        // An absurd learning rate makes the weights overflow by the second step.
        List<Example> data = Fixtures.weatherExamples(24, "carol", 3);
        List<Double> reported = new ArrayList<>();
        TrainingDivergedException diverged = assertThrows(TrainingDivergedException.class, () ->
                Trainer.fineTune(tinyConfig().lr(1e30f).maxGradNorm(1e30f).steps(10).build(), data,
                        p -> reported.add(p.loss()), CheckpointStore.NONE));
        assertEquals(reported.size() + 1, diverged.step(), "stops at the first bad step");
        assertTrue(reported.stream().allMatch(Double::isFinite), reported.toString());
        assertTrue(diverged.getMessage().contains("lower the learning rate"), diverged.getMessage());
    }
}
