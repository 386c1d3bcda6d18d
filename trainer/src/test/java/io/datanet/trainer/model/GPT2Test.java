package io.datanet.trainer.model;

import io.datanet.trainer.io.DType;
import io.datanet.trainer.io.SafeTensors;
import io.datanet.trainer.nn.GradCheck;
import io.datanet.trainer.nn.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class GPT2Test {
    @TempDir
    Path dir;

    static final GPT2Config TINY = GPT2Config.byteLevel(2, 2, 16, 8);

    static int[] randomTokens(Random r, int n, int v) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = r.nextInt(v);
        return t;
    }

    @Test
    void readsHuggingFaceConfig() throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, "{\"activation_function\":\"gelu_new\",\"architectures\":[\"GPT2LMHeadModel\"],"
                + "\"n_ctx\":1024,\"n_embd\":768,\"n_head\":12,\"n_layer\":12,\"n_positions\":1024,"
                + "\"vocab_size\":50257,\"layer_norm_epsilon\":1e-05,\"eos_token_id\":50256,\"model_type\":\"gpt2\"}");
        GPT2Config c = GPT2Config.read(f);
        assertEquals(new GPT2Config(12, 12, 768, 1024, 50257, 1e-5f, 50256, "gpt2"), c);
        assertEquals(124_439_808L, c.parameterCount()); // GPT-2 small
    }

    /** A setting the model would compute differently from transformers is refused by name, never ignored. */
    @Test
    void refusesSettingsItDoesNotCompute() {
        String base = "\"n_embd\":64,\"n_head\":4,\"n_layer\":2,\"n_positions\":32,\"vocab_size\":300";
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("\"activation_function\":\"gelu\"", "activation_function gelu is not supported");
        refused.put("\"activation_function\":\"relu\"", "activation_function relu is not supported");
        refused.put("\"n_inner\":100", "n_inner 100 is not supported");
        refused.put("\"scale_attn_weights\":false", "scale_attn_weights false is not supported");
        refused.put("\"scale_attn_by_inverse_layer_idx\":true", "scale_attn_by_inverse_layer_idx true is not supported");
        refused.put("\"reorder_and_upcast_attn\":true", "reorder_and_upcast_attn true is not supported");
        refused.put("\"tie_word_embeddings\":false", "tie_word_embeddings false is not supported");
        refused.forEach((setting, reason) -> {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> GPT2Config.fromJson(new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree("{" + base + "," + setting + "}")), setting);
            assertTrue(e.getMessage().startsWith(reason), e.getMessage());
        });
        // what transformers writes by default is accepted, and gelu_pytorch_tanh is the same function as gelu_new
        assertDoesNotThrow(() -> GPT2Config.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{"
                + base + ",\"n_inner\":null,\"activation_function\":\"gelu_pytorch_tanh\",\"scale_attn_weights\":true,"
                + "\"scale_attn_by_inverse_layer_idx\":false,\"reorder_and_upcast_attn\":false}")));
    }

    @Test
    void saveLoadRoundTripWithHuggingFaceNames() throws IOException {
        GPT2 m = GPT2.randomInit(TINY, 1);
        HuggingFaceCheckpoint.save(m, dir, DType.F32, Map.of());
        SafeTensors.Contents st = SafeTensors.read(dir.resolve("model.safetensors"));
        assertArrayEquals(new int[]{16, 48}, st.get("h.1.attn.c_attn.weight").shape());
        assertArrayEquals(new int[]{64, 16}, st.get("h.0.mlp.c_proj.weight").shape());
        assertArrayEquals(new int[]{257, 16}, st.get("wte.weight").shape());
        assertTrue(st.tensors().containsKey("ln_f.bias"));
        assertEquals(2 + 12 * 2 + 2, st.tensors().size());

        GPT2 back = HuggingFaceCheckpoint.load(dir);
        Random r = new Random(3);
        int[] tok = randomTokens(r, 16, 257), tgt = randomTokens(r, 16, 257);
        assertEquals(m.forward(tok, tgt, 2, 8), back.forward(tok, tgt, 2, 8));

        // the "transformer." prefix of GPT2LMHeadModel checkpoints is accepted, extra buffers ignored
        Map<String, float[]> prefixed = new LinkedHashMap<>();
        st.tensors().forEach((k, v) -> prefixed.put("transformer." + k, v.data()));
        prefixed.put("lm_head.weight", st.get("wte.weight").data());
        GPT2 p = GPT2.fromTensors(TINY, prefixed);
        assertEquals(m.forward(tok, tgt, 2, 8), p.forward(tok, tgt, 2, 8));
    }

    @Test
    void initialLossIsNearUniform() {
        GPT2 m = GPT2.randomInit(GPT2Config.byteLevel(2, 2, 32, 16), 5);
        Random r = new Random(1);
        double loss = m.forward(randomTokens(r, 32, 256), randomTokens(r, 32, 256), 2, 16) / 32;
        assertEquals(Math.log(257), loss, 0.1);
    }

    /** Whole-model gradient check on a sample of every parameter tensor. */
    @Test
    void fullModelGradientCheck() {
        GPT2 m = GPT2.randomInit(TINY, 2);
        // larger weights than the init so every path carries signal
        Random r = new Random(9);
        for (Param p : m.parameters()) for (int i = 0; i < p.size(); i++) p.data[i] += (float) (r.nextGaussian() * 0.1);
        int B = 2, T = 8;
        int[] tok = randomTokens(r, B * T, 257), tgt = randomTokens(r, B * T, 257);
        tgt[3] = -1;
        var params = m.parameters();
        float[][] inputs = new float[params.size()][], grads = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            inputs[i] = params.get(i).data;
            grads[i] = params.get(i).grad();
        }
        float[] out = new float[1];
        GradCheck.check("gpt2 (all parameters)", new GradCheck.Fn() {
            public float[] forward() {
                out[0] = (float) m.forward(tok, tgt, B, T);
                return out;
            }

            public void backward(float[] dout) {
                m.zeroGrad();
                m.forward(tok, tgt, B, T);
                m.backward(dout[0]);
            }
        }, inputs, grads, 1, 1e-2f, 2e-2, 11);
    }
}
