package io.datanet.trainer.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.datanet.trainer.quant.Nf4;
import java.util.List;

/**
 * What a base model is and what fine-tuning it takes, from its config.json alone (no weight is read, so a catalog
 * of multi-gigabyte checkpoints lists fast): its family, parameters, context, the projections LoRA adapts and QLoRA
 * quantises, and the bytes its frozen weights take in float32 (LoRA) and with NF4 projections (QLoRA).
 *
 * @param targetModules the module names a job's target_modules may use (PEFT's, matched by suffix)
 * @param defaultTargets what a job adapts when it names none (PEFT's defaults for the family)
 * @param projections   the quantisable projections (layers × projections per layer)
 */
public record ModelSummary(String family, long parameters, int contextLength, int layers, int hiddenSize,
                           int vocabSize, int projections, List<String> targetModules, List<String> defaultTargets,
                           long loraBaseBytes, long qloraBaseBytes) {

    public static final List<String> GPT2_TARGETS = List.of("c_attn", "c_proj", "c_fc");
    public static final List<String> LLAMA_TARGETS = List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj",
            "up_proj", "down_proj");

    /** The summary of a config.json; a family the trainer cannot run is refused, naming it. */
    public static ModelSummary of(JsonNode config) {
        String type = config.path("model_type").asText("gpt2");
        return switch (type) {
            case "gpt2" -> gpt2(GPT2Config.fromJson(config));
            case "llama", "mistral", "qwen2" -> llama(LlamaConfig.fromJson(config));
            default -> throw new IllegalArgumentException("model_type " + type + " is not supported (gpt2, llama, "
                    + "mistral, qwen2)");
        };
    }

    private static ModelSummary gpt2(GPT2Config c) {
        long C = c.nEmbd(), L = c.nLayer();
        long[] shapes = {C * 3 * C, C * C, C * 4 * C, 4 * C * C};
        long[] biases = {3 * C, C, 4 * C, C};
        long projectionWeights = 0, biasCount = 0;
        for (int i = 0; i < shapes.length; i++) {
            projectionWeights += L * shapes[i];
            biasCount += L * biases[i];
        }
        long rest = (long) c.vocabSize() * C + (long) c.nPositions() * C + L * 4 * C + 2 * C + biasCount;
        return summary("gpt2", c.nPositions(), (int) L, (int) C, c.vocabSize(), shapes, (int) L, rest, GPT2_TARGETS,
                GPT2_TARGETS);
    }

    private static ModelSummary llama(LlamaConfig c) {
        long H = c.hiddenSize(), L = c.numLayers(), I = c.intermediateSize();
        long qDim = (long) c.numHeads() * c.headDim(), kvDim = (long) c.numKeyValueHeads() * c.headDim();
        long[] shapes = {H * qDim, H * kvDim, H * kvDim, qDim * H, H * I, H * I, I * H};
        long biases = (c.qkvBias() ? qDim + 2 * kvDim : 0) + (c.outputBias() ? H : 0);
        long embed = (long) c.vocabSize() * H;
        long rest = embed * (c.tieWordEmbeddings() ? 1 : 2) + L * (2 * H + biases) + H;
        return summary(c.modelType(), c.maxPositions(), (int) L, (int) H, c.vocabSize(), shapes, (int) L, rest,
                LLAMA_TARGETS, List.of("q_proj", "v_proj"));
    }

    /** @param rest every parameter outside the projections' weights (embeddings, norms, biases, an untied head) */
    private static ModelSummary summary(String family, int context, int layers, int hidden, int vocab, long[] shapes,
                                        int perLayer, long rest, List<String> targets, List<String> defaults) {
        long weights = 0, nf4 = 0;
        for (long shape : shapes) {
            weights += perLayer * shape;
            nf4 += perLayer * Nf4.bytesOf(shape);
        }
        return new ModelSummary(family, weights + rest, context, layers, hidden, vocab, perLayer * shapes.length,
                targets, defaults, 4 * (weights + rest), nf4 + 4 * rest);
    }
}
