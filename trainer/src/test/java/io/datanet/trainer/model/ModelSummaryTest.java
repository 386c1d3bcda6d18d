package io.datanet.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datanet.trainer.lora.Adapter;
import io.datanet.trainer.lora.LoraConfig;
import io.datanet.trainer.nn.Param;
import io.datanet.trainer.train.BaseModels;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * A summary read from config.json alone counts what the loaded model holds: parameters, float32 base bytes, and the
 * bytes after QLoRA quantised every projection (LlamaInteropTest and LlamaFineTuneTest check Llama checkpoints).
 */
class ModelSummaryTest {

    @Test
    void theBuiltInGpt2IsCountedAsLoaded() throws IOException {
        ObjectNode config;
        try (InputStream in = BaseModels.class.getResourceAsStream("/models/sotu-byte-4x192/config.json")) {
            config = (ObjectNode) new ObjectMapper().readTree(in);
        }
        ModelSummary summary = ModelSummary.of(config);
        CausalLM model = BaseModels.load(BaseModels.DEFAULT);
        assertEquals(model.parameters().stream().mapToLong(Param::size).sum(), summary.parameters());
        assertEquals(model.baseWeightBytes(), summary.loraBaseBytes());
        assertEquals(16, summary.projections());
        Adapter.attach(model, LoraConfig.defaults(), true, 1);
        assertEquals(model.baseWeightBytes(), summary.qloraBaseBytes());
        assertEquals(128, summary.contextLength());
        assertEquals("gpt2", summary.family());
    }

    @Test
    void aFamilyTheTrainerCannotRunIsRefusedByName() {
        ObjectNode config = new ObjectMapper().createObjectNode().put("model_type", "t5");
        assertEquals("model_type t5 is not supported (gpt2, llama, mistral, qwen2)",
                assertThrows(IllegalArgumentException.class, () -> ModelSummary.of(config)).getMessage());
    }
}
