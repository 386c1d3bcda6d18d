package io.datanet.trainer.model;

import io.datanet.trainer.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Model size, read from and written to a Hugging Face GPT-2 {@code config.json}.
 *
 * @param tokenizer "byte" (256 byte ids + end-of-text 256, the built-in models) or "gpt2" (byte-level BPE
 *                  from vocab.json + merges.txt); stored as the non-standard key {@code datanet_tokenizer}
 */
public record GPT2Config(int nLayer, int nHead, int nEmbd, int nPositions, int vocabSize, float layerNormEpsilon,
                         int eosTokenId, String tokenizer) {

    public GPT2Config {
        if (nEmbd % nHead != 0) throw new IllegalArgumentException("n_embd must be a multiple of n_head");
        if (nLayer <= 0 || nPositions <= 0 || vocabSize <= 0) throw new IllegalArgumentException("bad config");
    }

    /** A byte-level model: vocabulary 257 (bytes + end-of-text). */
    public static GPT2Config byteLevel(int nLayer, int nHead, int nEmbd, int nPositions) {
        return new GPT2Config(nLayer, nHead, nEmbd, nPositions, 257, 1e-5f, 256, "byte");
    }

    public int headSize() {
        return nEmbd / nHead;
    }

    /**
     * Reads a GPT-2 config.json. Settings this model does not compute (another activation, a different MLP width,
     * unscaled or layer-scaled attention, an untied head, upcast-reordered attention) are refused by name rather
     * than silently computed differently from transformers.
     */
    public static GPT2Config fromJson(JsonNode n) {
        requireSetting(n, "activation_function", "gelu_new", "gelu_new", "gelu_pytorch_tanh");
        if (n.hasNonNull("n_inner") && n.get("n_inner").asInt() != 4 * n.path("n_embd").asInt(768)) {
            throw new IllegalArgumentException("n_inner " + n.get("n_inner") + " is not supported (only 4 × n_embd)");
        }
        requireSetting(n, "scale_attn_weights", "true", "true");
        requireSetting(n, "scale_attn_by_inverse_layer_idx", "false", "false");
        requireSetting(n, "reorder_and_upcast_attn", "false", "false");
        requireSetting(n, "tie_word_embeddings", "true", "true");
        int positions = n.has("n_positions") ? n.get("n_positions").asInt() : n.path("n_ctx").asInt(1024);
        int vocab = n.path("vocab_size").asInt(50257);
        String tok = n.has("datanet_tokenizer") ? n.get("datanet_tokenizer").asText() : "gpt2";
        return new GPT2Config(n.path("n_layer").asInt(12), n.path("n_head").asInt(12), n.path("n_embd").asInt(768),
                positions, vocab, (float) n.path("layer_norm_epsilon").asDouble(1e-5),
                n.path("eos_token_id").asInt(vocab - 1), tok);
    }

    private static void requireSetting(JsonNode n, String key, String absent, String... supported) {
        String value = n.hasNonNull(key) ? n.get(key).asText() : absent;
        if (!java.util.List.of(supported).contains(value)) {
            throw new IllegalArgumentException(key + " " + value + " is not supported (supported: "
                    + String.join(", ", supported) + ")");
        }
    }

    public static GPT2Config read(Path configJson) throws IOException {
        return fromJson(Json.MAPPER.readTree(configJson.toFile()));
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.putArray("architectures").add("GPT2LMHeadModel");
        n.put("model_type", "gpt2");
        n.put("activation_function", "gelu_new");
        n.put("n_layer", nLayer);
        n.put("n_head", nHead);
        n.put("n_embd", nEmbd);
        n.put("n_positions", nPositions);
        n.put("n_ctx", nPositions);
        n.put("vocab_size", vocabSize);
        n.put("layer_norm_epsilon", layerNormEpsilon);
        n.put("bos_token_id", eosTokenId);
        n.put("eos_token_id", eosTokenId);
        n.put("tie_word_embeddings", true);
        n.put("resid_pdrop", 0.0);
        n.put("embd_pdrop", 0.0);
        n.put("attn_pdrop", 0.0);
        n.put("initializer_range", 0.02);
        n.put("datanet_tokenizer", tokenizer);
        // The trainer computes in float32 whatever the stored dtype (the built-in model is kept in float16 to halve
        // the jar). transformers 5 loads a checkpoint in the dtype its config declares, else in the stored one,
        // and trains a float16 GPT-2 on a CPU about ten times slower.
        n.put("dtype", "float32");
        return n;
    }

    public void write(Path configJson) throws IOException {
        Files.createDirectories(configJson.toAbsolutePath().getParent());
        Json.INDENTED.writeValue(configJson.toFile(), toJson());
    }

    /** Parameter count (tied head counted once). */
    public long parameterCount() {
        long c = nEmbd;
        long perLayer = 2 * c + (c * 3 * c + 3 * c) + (c * c + c) + 2 * c + (c * 4 * c + 4 * c) + (4 * c * c + c);
        return (long) vocabSize * c + (long) nPositions * c + nLayer * perLayer + 2 * c;
    }
}
