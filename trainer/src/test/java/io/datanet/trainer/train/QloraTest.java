package io.datanet.trainer.train;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class QloraTest {
    @Test
    void qloraTrainsOnlyAdaptersWithAQuarterOfTheProjectionMemory() throws IOException {
        List<Example> data = Fixtures.weatherExamples(40, "carol", 4);
        TrainingResult lora = Trainer.fineTune(TrainerTest.tinyConfig().build(), data, ProgressListener.NONE,
                CheckpointStore.NONE);
        TrainingResult q = Trainer.fineTune(TrainerTest.tinyConfig().method(Method.QLORA).build(), data,
                ProgressListener.NONE, CheckpointStore.NONE);
        assertEquals(lora.fp32BaseWeightBytes(), lora.baseWeightBytes());
        assertTrue(q.baseWeightBytes() < lora.baseWeightBytes());
        // quantising changes the base a little, training still helps, and QLoRA lands near LoRA
        assertNotEquals(q.base().loss(), q.quantizedBase().loss());
        assertTrue(Math.abs(q.quantizedBase().loss() - q.base().loss()) < 0.1);
        assertTrue(q.adapted().loss() < q.quantizedBase().loss() - 0.5);
        assertTrue(Math.abs(q.adapted().loss() - lora.adapted().loss()) < 0.15,
                "LoRA " + lora.adapted().loss() + " vs QLoRA " + q.adapted().loss());
        System.out.printf("tiny model: base %.4f, LoRA %.4f, QLoRA %.4f (NF4 base %.4f); base bytes %d vs %d%n",
                lora.base().loss(), lora.adapted().loss(), q.adapted().loss(), q.quantizedBase().loss(),
                lora.baseWeightBytes(), q.baseWeightBytes());
    }
}
