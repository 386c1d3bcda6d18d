package io.datanet.trainer.train;

import io.datanet.trainer.io.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datanet.trainer.lora.LoraConfig;

import java.util.List;

/**
 * Everything that determines a fine-tuning run. Equal configs on equal examples give bit-identical adapters.
 *
 * @param baseModel          "builtin:NAME" (a model shipped in this jar) or a checkpoint directory path
 * @param seqLen             tokens per training sequence; longer examples are cut into several windows
 * @param steps              optimizer steps; if 0, derived from epochs
 * @param gradAccum          micro-batches per optimizer step
 * @param warmupSteps        linear warm-up steps, then cosine decay to lr·minLrRatio
 * @param maxGradNorm        global gradient-norm clip (≤ 0 disables)
 * @param validationFraction share of examples held out when no explicit validation set is given
 * @param checkpointEvery    save a checkpoint every this many optimizer steps (and at the end)
 */
public record TrainingConfig(String baseModel, Method method, LoraConfig lora, int seqLen, int microBatch,
                             int gradAccum, int steps, float epochs, float lr, int warmupSteps, float minLrRatio,
                             float weightDecay, float maxGradNorm, long seed, float validationFraction,
                             int checkpointEvery) {

    public TrainingConfig {
        if (seqLen <= 0 || microBatch <= 0 || gradAccum <= 0) throw new IllegalArgumentException("bad batch shape");
        if (steps <= 0 && epochs <= 0) throw new IllegalArgumentException("steps or epochs must be positive");
        if (checkpointEvery <= 0) throw new IllegalArgumentException("checkpointEvery must be positive");
    }

    public static Builder builder(String baseModel) {
        return new Builder(baseModel);
    }

    public Builder toBuilder() {
        Builder b = new Builder(baseModel);
        b.method = method;
        b.lora = lora;
        b.seqLen = seqLen;
        b.microBatch = microBatch;
        b.gradAccum = gradAccum;
        b.steps = steps;
        b.epochs = epochs;
        b.lr = lr;
        b.warmupSteps = warmupSteps;
        b.minLrRatio = minLrRatio;
        b.weightDecay = weightDecay;
        b.maxGradNorm = maxGradNorm;
        b.seed = seed;
        b.validationFraction = validationFraction;
        b.checkpointEvery = checkpointEvery;
        return b;
    }

    /** Canonical JSON of the config (recorded with checkpoints and attributions). */
    public ObjectNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    public static final class Builder {
        private final String baseModel;
        private Method method = Method.LORA;
        private LoraConfig lora = LoraConfig.defaults();
        private int seqLen = 128, microBatch = 8, gradAccum = 1, steps = 0, warmupSteps = 10, checkpointEvery = 50;
        private float epochs = 1, lr = 1e-3f, minLrRatio = 0.1f, weightDecay = 0f, maxGradNorm = 1f;
        private float validationFraction = 0.1f;
        private long seed = 1;

        private Builder(String baseModel) {
            this.baseModel = baseModel;
        }

        public Builder method(Method m) { method = m; return this; }
        public Builder lora(LoraConfig c) { lora = c; return this; }
        public Builder lora(int r, float alpha, float dropout, List<String> targets) {
            lora = new LoraConfig(r, alpha, dropout, targets);
            return this;
        }
        public Builder seqLen(int v) { seqLen = v; return this; }
        public Builder microBatch(int v) { microBatch = v; return this; }
        public Builder gradAccum(int v) { gradAccum = v; return this; }
        public Builder steps(int v) { steps = v; return this; }
        public Builder epochs(float v) { epochs = v; return this; }
        public Builder lr(float v) { lr = v; return this; }
        public Builder warmupSteps(int v) { warmupSteps = v; return this; }
        public Builder minLrRatio(float v) { minLrRatio = v; return this; }
        public Builder weightDecay(float v) { weightDecay = v; return this; }
        public Builder maxGradNorm(float v) { maxGradNorm = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder validationFraction(float v) { validationFraction = v; return this; }
        public Builder checkpointEvery(int v) { checkpointEvery = v; return this; }

        public TrainingConfig build() {
            return new TrainingConfig(baseModel, method, lora, seqLen, microBatch, gradAccum, steps, epochs, lr,
                    warmupSteps, minLrRatio, weightDecay, maxGradNorm, seed, validationFraction, checkpointEvery);
        }
    }
}
