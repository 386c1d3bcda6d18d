package io.datanet.trainer.train;

import io.datanet.trainer.lora.Adapter;
import io.datanet.trainer.tokenizer.Tokenizer;

/**
 * Outcome of a fine-tuning run.
 *
 * @param base           held-out loss of the float32 base model
 * @param quantizedBase  held-out loss of the frozen base actually trained against (NF4 for QLoRA; = base for LoRA)
 * @param adapted        held-out loss with the trained adapter
 * @param baseWeightBytes bytes of the frozen base weights as held in memory (float32 or NF4 projections)
 * @param fp32BaseWeightBytes the same model's base weights in float32
 * @param resumedFromStep 0 for a fresh run, else the checkpoint step it continued from
 */
public record TrainingResult(Adapter adapter, Tokenizer tokenizer, Evaluation base, Evaluation quantizedBase,
                             Evaluation adapted, int steps, int resumedFromStep, long trainTokens,
                             double tokensPerSecond, double finalTrainLoss, long baseWeightBytes,
                             long fp32BaseWeightBytes, long trainableParameters, String adapterSha256,
                             String fingerprint) {
}
