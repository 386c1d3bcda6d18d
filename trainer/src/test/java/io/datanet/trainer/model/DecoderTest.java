package io.datanet.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.trainer.generate.Generation;
import io.datanet.trainer.lora.Adapter;
import io.datanet.trainer.lora.LoraConfig;
import io.datanet.trainer.lora.LoraLinear;
import io.datanet.trainer.nn.Param;
import io.datanet.trainer.tensor.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Generation's decoders over cached keys and values give, token by token, the logits the full forward gives at each
 * position: a Llama with grouped-query attention, Qwen2's biases and Llama 3's rope scaling, bare and with a QLoRA
 * adapter; the built-in GPT-2 with a LoRA adapter over its whole context; and greedy generation through the cache
 * picks the tokens the full forward picks.
 */
class DecoderTest {

    static Llama randomModel() throws Exception {
        LlamaConfig config = LlamaConfig.fromJson(new ObjectMapper().readTree("""
                {"model_type": "qwen2", "vocab_size": 97, "hidden_size": 48, "intermediate_size": 64,
                 "num_hidden_layers": 2, "num_attention_heads": 6, "num_key_value_heads": 2,
                 "max_position_embeddings": 40, "tie_word_embeddings": false,
                 "rope_parameters": {"rope_type": "llama3", "rope_theta": 10000.0, "factor": 4.0,
                   "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": 16}}"""));
        Llama shapes = Llama.fromTensors(config, zeros(config));
        java.util.Map<String, float[]> t = new java.util.LinkedHashMap<>();
        Rng rng = new Rng(3);
        for (Param p : shapes.parameters()) {
            float[] d = new float[p.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = p.name.endsWith("norm.weight") ? 1 + 0.1f * (float) rng.nextGaussian() : 0.2f * (float) rng.nextGaussian();
            }
            // back to transformers' [out, in] for projections (fromTensors transposes them)
            t.put(p.name, p.name.endsWith("_proj.weight") ? transpose(d, p.shape[0], p.shape[1]) : d);
        }
        return Llama.fromTensors(config, t);
    }

    @Test
    void cachedDecodingGivesTheFullForwardsLogits() throws Exception {
        Llama model = randomModel();
        int T = 40;
        int[] tokens = new int[T];
        Rng rng = new Rng(7);
        for (int i = 0; i < T; i++) tokens[i] = rng.nextInt(97);
        assertDecoderMatches(model, tokens);

        Adapter adapter = Adapter.attach(model, new LoraConfig(4, 8f, 0f, List.of("q_proj", "k_proj", "o_proj", "up_proj")), true, 2);
        for (LoraLinear l : adapter.layers()) for (int i = 0; i < l.b.data.length; i++) l.b.data[i] = 0.3f * (float) rng.nextGaussian();
        assertDecoderMatches(model, tokens);

        CausalLM.Decoder full = model.decoder();
        for (int token : tokens) full.next(token);
        assertEquals(40, full.length());
        assertThrows(IllegalStateException.class, () -> full.next(1), "past the context");
    }

    @Test
    void theBuiltInGpt2DecodesAsItsFullForward() {
        CausalLM model = io.datanet.trainer.train.BaseModels.load(io.datanet.trainer.train.BaseModels.DEFAULT);
        Adapter adapter = Adapter.attach(model, io.datanet.trainer.lora.LoraConfig.defaults(), false, 4);
        Rng rng = new Rng(9);
        for (LoraLinear l : adapter.layers()) for (int i = 0; i < l.b.data.length; i++) l.b.data[i] = 0.05f * (float) rng.nextGaussian();
        adapter.setTraining(false, 0);
        int[] tokens = new int[model.maxPositions()];
        for (int i = 0; i < tokens.length; i++) tokens[i] = rng.nextInt(257);
        assertDecoderMatches(model, tokens);
    }

    @Test
    void greedyGenerationThroughTheCacheFollowsTheFullForward() throws Exception {
        Llama model = randomModel();
        int[] prompt = {5, 17, 3, 88, 41};
        int[] cached = Generation.generateIds(model, prompt, 96, new Generation.Settings(30, 0, 1, 0), null);
        // the same steps by full forwards over the growing sequence
        int[] sequence = java.util.Arrays.copyOf(prompt, prompt.length + 30);
        int length = prompt.length;
        for (int step = 0; step < 30; step++) {
            float[] logits = model.logits(java.util.Arrays.copyOf(sequence, length), 1, length);
            int best = 0;
            for (int i = 1; i < 97; i++) if (logits[(length - 1) * 97 + i] > logits[(length - 1) * 97 + best]) best = i;
            if (best == 96) break;
            sequence[length++] = best;
        }
        assertArrayEquals(java.util.Arrays.copyOfRange(sequence, prompt.length, length), cached);
    }

    private static void assertDecoderMatches(CausalLM model, int[] tokens) {
        int T = tokens.length, V = model.vocabSize();
        float[] full = model.logits(tokens, 1, T);
        CausalLM.Decoder decoder = model.decoder();
        double worst = 0, scale = 0;
        for (int t = 0; t < T; t++) {
            float[] step = decoder.next(tokens[t]);
            for (int i = 0; i < V; i++) {
                worst = Math.max(worst, Math.abs(step[i] - full[t * V + i]));
                scale = Math.max(scale, Math.abs(full[t * V + i]));
            }
        }
        assertTrue(worst <= 1e-5 * Math.max(1, scale), "decoder logits differ by " + worst + " (scale " + scale + ")");
    }

    private static java.util.Map<String, float[]> zeros(LlamaConfig c) {
        java.util.Map<String, float[]> t = new java.util.LinkedHashMap<>();
        int H = c.hiddenSize(), qDim = c.numHeads() * c.headDim(), kvDim = c.numKeyValueHeads() * c.headDim();
        int I = c.intermediateSize();
        t.put("model.embed_tokens.weight", new float[c.vocabSize() * H]);
        t.put("lm_head.weight", new float[c.vocabSize() * H]);
        t.put("model.norm.weight", new float[H]);
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            t.put(p + "input_layernorm.weight", new float[H]);
            t.put(p + "post_attention_layernorm.weight", new float[H]);
            t.put(p + "self_attn.q_proj.weight", new float[qDim * H]);
            t.put(p + "self_attn.q_proj.bias", new float[qDim]);
            t.put(p + "self_attn.k_proj.weight", new float[kvDim * H]);
            t.put(p + "self_attn.k_proj.bias", new float[kvDim]);
            t.put(p + "self_attn.v_proj.weight", new float[kvDim * H]);
            t.put(p + "self_attn.v_proj.bias", new float[kvDim]);
            t.put(p + "self_attn.o_proj.weight", new float[H * qDim]);
            t.put(p + "mlp.gate_proj.weight", new float[I * H]);
            t.put(p + "mlp.up_proj.weight", new float[I * H]);
            t.put(p + "mlp.down_proj.weight", new float[H * I]);
        }
        return t;
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
        return t;
    }
}
