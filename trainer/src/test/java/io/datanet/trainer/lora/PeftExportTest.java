package io.datanet.trainer.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.trainer.io.SafeTensors;
import io.datanet.trainer.model.GPT2;
import io.datanet.trainer.model.HuggingFaceCheckpoint;
import io.datanet.trainer.train.CheckpointStore;
import io.datanet.trainer.train.Fixtures;
import io.datanet.trainer.train.Method;
import io.datanet.trainer.train.ProgressListener;
import io.datanet.trainer.train.Trainer;
import io.datanet.trainer.train.TrainingConfig;
import io.datanet.trainer.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class PeftExportTest {
    @TempDir
    Path dir;

    @Test
    void exportsPeftLayoutAndMergedWeights() throws IOException {
        for (Method method : Method.values()) {
            TrainingConfig cfg = TrainingConfig.builder(Fixtures.tinyModel()).seqLen(64).microBatch(4).steps(4)
                    .lr(1e-2f).warmupSteps(1).method(method)
                    .lora(new LoraConfig(4, 8f, 0.05f, List.of("c_attn", "c_proj", "c_fc"))).build();
            TrainingResult r = Trainer.fineTune(cfg, Fixtures.weatherExamples(20, "x", 1), ProgressListener.NONE,
                    CheckpointStore.NONE);
            Adapter a = r.adapter();
            Path peft = dir.resolve(method + "-peft");
            a.savePeft(peft, "datanet/tiny", Map.of("datanet.adapter_sha256", a.sha256()));

            JsonNode c = new ObjectMapper().readTree(peft.resolve("adapter_config.json").toFile());
            assertEquals("LORA", c.get("peft_type").asText());
            assertEquals("CAUSAL_LM", c.get("task_type").asText());
            assertEquals(4, c.get("r").asInt());
            assertEquals(8.0, c.get("lora_alpha").asDouble());
            assertEquals(0.05, c.get("lora_dropout").asDouble(), 1e-6);
            assertEquals("[\"c_attn\",\"c_proj\",\"c_fc\"]", c.get("target_modules").toString());
            assertEquals("datanet/tiny", c.get("base_model_name_or_path").asText());
            assertTrue(c.get("fan_in_fan_out").asBoolean());
            assertEquals("none", c.get("bias").asText());
            assertTrue(c.get("inference_mode").asBoolean());

            SafeTensors.Contents st = SafeTensors.read(peft.resolve("adapter_model.safetensors"));
            assertEquals(2 * 2 * 4, st.tensors().size()); // 2 layers × 4 modules × (A, B)
            String p = "base_model.model.transformer.h.0.";
            assertArrayEquals(new int[]{4, 32}, st.get(p + "attn.c_attn.lora_A.weight").shape());
            assertArrayEquals(new int[]{96, 4}, st.get(p + "attn.c_attn.lora_B.weight").shape());
            assertArrayEquals(new int[]{4, 32}, st.get(p + "attn.c_proj.lora_A.weight").shape());
            assertArrayEquals(new int[]{4, 128}, st.get(p + "mlp.c_proj.lora_A.weight").shape());
            assertArrayEquals(new int[]{128, 4}, st.get(p + "mlp.c_fc.lora_B.weight").shape());
            // lora_A.weight is Aᵀ: PEFT computes x·lora_Aᵀ, we compute x·A
            LoraLinear l0 = a.layers().get(0);
            assertEquals(l0.a.data[5 * 4 + 2], st.get(p + "attn.c_attn.lora_A.weight").data()[2 * 32 + 5]);

            // merged export: a plain GPT-2 checkpoint whose logits equal the adapted model's
            Path merged = dir.resolve(method + "-merged");
            a.saveMerged(merged, Map.of());
            GPT2 m = HuggingFaceCheckpoint.load(merged);
            Random rnd = new Random(2);
            int[] tok = new int[2 * 16];
            for (int i = 0; i < tok.length; i++) tok[i] = rnd.nextInt(257);
            a.setTraining(false, 0);
            float[] adapted = a.model().logits(tok, 2, 16);
            m.forward(tok, null, 2, 16);
            float[] mergedLogits = m.lastLogits();
            for (int i = 0; i < adapted.length; i++) assertEquals(adapted[i], mergedLogits[i], 2e-3 * (1 + Math.abs(adapted[i])));

            // PEFT files load back into a freshly attached adapter
            GPT2 fresh = HuggingFaceCheckpoint.load(Path.of(Fixtures.tinyModel()));
            Adapter b = Adapter.attach(fresh, cfg.lora(), method == Method.QLORA, 123);
            b.loadPeft(peft);
            assertEquals(a.sha256(), b.sha256());
        }
    }
}
