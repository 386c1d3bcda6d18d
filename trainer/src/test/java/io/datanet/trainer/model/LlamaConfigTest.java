package io.datanet.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * config.json as transformers 4 and 5 write it (rope settings at the top level or in rope_parameters), and settings
 * the model would compute differently from transformers refused by name.
 */
class LlamaConfigTest {

    static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode smolLm2() throws Exception {
        // SmolLM2-135M's config.json (transformers 4 layout)
        return (ObjectNode) JSON.readTree("""
                {"architectures": ["LlamaForCausalLM"], "attention_bias": false, "hidden_act": "silu",
                 "hidden_size": 576, "intermediate_size": 1536, "max_position_embeddings": 8192, "mlp_bias": false,
                 "model_type": "llama", "num_attention_heads": 9, "num_hidden_layers": 30, "num_key_value_heads": 3,
                 "rms_norm_eps": 1e-05, "rope_scaling": null, "rope_theta": 100000, "tie_word_embeddings": true,
                 "vocab_size": 49152}""");
    }

    @Test
    void readsSmolLm2sConfig() throws Exception {
        LlamaConfig c = LlamaConfig.fromJson(smolLm2());
        assertEquals(64, c.headDim());
        assertEquals(3, c.groups());
        assertEquals(100000.0, c.ropeTheta());
        assertNull(c.ropeScaling());
        assertTrue(c.tieWordEmbeddings());
        assertEquals(1e-5f, c.rmsNormEps());
    }

    @Test
    void readsLlama3ScalingInEitherLayout() throws Exception {
        ObjectNode v4 = smolLm2();
        v4.set("rope_scaling", JSON.readTree("""
                {"rope_type": "llama3", "factor": 32.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                 "original_max_position_embeddings": 8192}"""));
        ObjectNode v5 = smolLm2();
        v5.remove("rope_theta");
        v5.remove("rope_scaling");
        v5.set("rope_parameters", JSON.readTree("""
                {"rope_type": "llama3", "rope_theta": 100000.0, "factor": 32.0, "low_freq_factor": 1.0,
                 "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}"""));
        assertEquals(LlamaConfig.fromJson(v4), LlamaConfig.fromJson(v5));
        assertEquals(32.0, LlamaConfig.fromJson(v5).ropeScaling().factor());
    }

    @Test
    void refusesWhatItWouldComputeDifferently() throws Exception {
        for (String[] setting : new String[][] {{"hidden_act", "\"gelu\""}, {"mlp_bias", "true"},
                {"sliding_window", "4096"}, {"model_type", "\"gemma\""}, {"num_key_value_heads", "2"},
                {"rope_scaling", "{\"rope_type\": \"yarn\", \"factor\": 4.0}"}}) {
            ObjectNode config = smolLm2();
            config.set(setting[0], JSON.readTree(setting[1]));
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> LlamaConfig.fromJson(config), setting[0]);
            assertTrue(refused.getMessage().contains(setting[0].equals("num_key_value_heads") ? "num_key_value_heads"
                    : setting[0].equals("rope_scaling") ? "yarn" : setting[0]), refused.getMessage());
        }
    }
}
