package io.datanet.trainer.train;

import io.datanet.trainer.tensor.MatMul;
import io.datanet.trainer.tensor.Parallel;

/** Prints the adapter SHA-256 of a fixed tiny run (started in a child JVM by {@link DeterminismTest}). */
public final class DeterminismMain {
    public static void main(String[] args) throws Exception {
        TrainingResult r = run(args[0]);
        System.out.println("kernel=" + MatMul.kernelName() + " threads=" + Parallel.threads());
        System.out.println("sha256=" + r.adapterSha256());
    }

    static TrainingResult run(String model) {
        TrainingConfig cfg = TrainingConfig.builder(model).seqLen(64).microBatch(4).gradAccum(2).steps(6)
                .lr(1e-2f).warmupSteps(2).seed(17).build(); // LoRA defaults: r 8, dropout 0.05 on c_attn, c_proj, c_fc
        return Trainer.fineTune(cfg, Fixtures.weatherExamples(24, "z", 9), ProgressListener.NONE, CheckpointStore.NONE);
    }
}
