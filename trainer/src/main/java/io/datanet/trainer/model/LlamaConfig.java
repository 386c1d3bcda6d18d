package io.datanet.trainer.model;

import io.datanet.trainer.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import io.datanet.trainer.nn.Rope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A Llama-architecture model's shape, read from a Hugging Face {@code config.json} of {@code model_type} "llama",
 * "mistral" (without sliding windows) or "qwen2" (biased q/k/v projections): RMSNorm, rotary embeddings, SwiGLU
 * MLP and grouped-query attention ({@code numKeyValueHeads} ≤ {@code numHeads}).
 *
 * @param qkvBias   q_proj, k_proj and v_proj have biases (Qwen2, or Llama's {@code attention_bias}, which biases
 *                  o_proj too: {@code outputBias})
 * @param ropeScaling Llama 3's frequency scaling, or null
 */
public record LlamaConfig(String modelType, int vocabSize, int hiddenSize, int intermediateSize, int numLayers,
                          int numHeads, int numKeyValueHeads, int headDim, int maxPositions, float rmsNormEps,
                          double ropeTheta, Rope.Scaling ropeScaling, boolean tieWordEmbeddings, boolean qkvBias,
                          boolean outputBias) {

    public LlamaConfig {
        if (numHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads " + numHeads + " is not a multiple of "
                    + "num_key_value_heads " + numKeyValueHeads);
        }
        if (headDim % 2 != 0 || vocabSize <= 0 || numLayers <= 0 || maxPositions <= 0) {
            throw new IllegalArgumentException("bad config");
        }
    }

    /** Query heads per key/value head. */
    public int groups() {
        return numHeads / numKeyValueHeads;
    }

    public static LlamaConfig read(Path file) throws IOException {
        return fromJson(Json.MAPPER.readTree(file.toFile()));
    }

    /**
     * Reads the config. Settings this model does not compute (another activation, MLP biases, sliding-window
     * attention, another rope type) are refused by name rather than computed differently from transformers.
     */
    public static LlamaConfig fromJson(JsonNode n) {
        String type = n.path("model_type").asText("llama");
        if (!List.of("llama", "mistral", "qwen2").contains(type)) {
            throw new IllegalArgumentException("model_type " + type + " is not a Llama-architecture model");
        }
        String act = n.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new IllegalArgumentException("hidden_act " + act + " is not supported (only silu)");
        }
        if (n.path("mlp_bias").asBoolean(false)) {
            throw new IllegalArgumentException("mlp_bias true is not supported");
        }
        if (n.hasNonNull("sliding_window") && (!type.equals("qwen2") || n.path("use_sliding_window").asBoolean(false))) {
            throw new IllegalArgumentException("sliding_window " + n.get("sliding_window") + ": sliding-window attention is not supported");
        }
        int hidden = n.path("hidden_size").asInt();
        int heads = n.path("num_attention_heads").asInt();
        int headDim = n.hasNonNull("head_dim") ? n.get("head_dim").asInt() : hidden / heads;
        // transformers 5 writes rope_parameters; earlier versions rope_theta and rope_scaling at the top level.
        JsonNode rope = n.hasNonNull("rope_parameters") ? n.get("rope_parameters") : n.path("rope_scaling");
        double theta = rope.hasNonNull("rope_theta") ? rope.get("rope_theta").asDouble() : n.path("rope_theta").asDouble(10000);
        String ropeType = rope.path("rope_type").asText(rope.path("type").asText("default"));
        Rope.Scaling scaling = switch (ropeType) {
            case "default" -> null;
            case "llama3" -> new Rope.Scaling(rope.path("factor").asDouble(), rope.path("low_freq_factor").asDouble(),
                    rope.path("high_freq_factor").asDouble(), rope.path("original_max_position_embeddings").asInt());
            default -> throw new IllegalArgumentException("rope_type " + ropeType + " is not supported");
        };
        boolean attentionBias = n.path("attention_bias").asBoolean(false);
        return new LlamaConfig(type, n.path("vocab_size").asInt(), hidden, n.path("intermediate_size").asInt(),
                n.path("num_hidden_layers").asInt(), heads, n.path("num_key_value_heads").asInt(heads), headDim,
                n.path("max_position_embeddings").asInt(2048), (float) n.path("rms_norm_eps").asDouble(1e-6), theta,
                scaling, n.path("tie_word_embeddings").asBoolean(false), type.equals("qwen2") || attentionBias,
                attentionBias);
    }
}
