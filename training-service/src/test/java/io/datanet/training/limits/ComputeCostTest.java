package io.datanet.training.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datanet.events.Hyperparameters;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComputeCostTest {

    static Hyperparameters job(int rank, int modules, int epochs) {
        return new Hyperparameters(rank, 16, 0.05, List.of("c_attn", "c_proj", "c_fc").subList(0, modules), 0.002,
                epochs, 8, 42);
    }

    @Test
    void recordsTimesPassesTimesTheAdapterFactor() {
        // The automatic defaults (r 8, three modules, 1 epoch) on 200 records: 200 x 2 x (1 + 24/344).
        assertEquals(428, ComputeCost.of(200, job(8, 3, 1), 1));
        // The finding's job: r 64, twenty epochs; rank weighs far less than epochs, as in the trainer's FLOPs.
        assertEquals(32721, ComputeCost.of(1000, job(64, 3, 20), 1));
        assertEquals(21062, ComputeCost.of(1000, job(1, 1, 20), 1));
    }

    @Test
    void moreOfAnythingCostsMore() {
        long base = ComputeCost.of(100, job(8, 1, 1), 1);
        assertTrue(ComputeCost.of(101, job(8, 1, 1), 1) > base);
        assertTrue(ComputeCost.of(100, job(9, 1, 1), 1) > base);
        assertTrue(ComputeCost.of(100, job(8, 2, 1), 1) > base);
        assertTrue(ComputeCost.of(100, job(8, 1, 2), 1) > base);
        assertTrue(ComputeCost.of(100, job(8, 1, 1), 2.5) > base, "a larger base model");
    }

    @Test
    void aModelTwiceTheBuiltInsSizeCostsTwice() {
        assertEquals(856, ComputeCost.of(200, job(8, 3, 1), 2));
    }
}
