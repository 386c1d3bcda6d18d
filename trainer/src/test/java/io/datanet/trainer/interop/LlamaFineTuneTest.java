package io.datanet.trainer.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.testkit.ReferencePython;
import io.datanet.trainer.attribution.Attribution;
import io.datanet.trainer.lora.LoraConfig;
import io.datanet.trainer.model.HuggingFaceCheckpoint;
import io.datanet.trainer.model.Llama;
import io.datanet.trainer.model.ModelSummary;
import io.datanet.trainer.tensor.Rng;
import io.datanet.trainer.tokenizer.HuggingFaceTokenizer;
import io.datanet.trainer.train.BaseModels;
import io.datanet.trainer.train.Example;
import io.datanet.trainer.train.Fixtures;
import io.datanet.trainer.train.InMemoryCheckpointStore;
import io.datanet.trainer.train.Method;
import io.datanet.trainer.train.ProgressListener;
import io.datanet.trainer.train.Trainer;
import io.datanet.trainer.train.TrainingConfig;
import io.datanet.trainer.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer fine-tunes a Llama-architecture checkpoint as a user's folder holds it (config.json,
 * model.safetensors and tokenizer.json, all written by Hugging Face's libraries): LoRA and QLoRA lower the held-out
 * loss, and attribution over the LoRA run ranks the contributors whose data is like the validation set above the one
 * whose data is not.
 */
class LlamaFineTuneTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void loraAndQloraTrainALlamaFolderAndAttributionRanksItsContributors() throws IOException {
        Path model = dir.resolve("tiny-llama");
        Rng rng = new Rng(17);
        List<String> corpus = new ArrayList<>();
        for (int i = 0; i < 200; i++) corpus.add(Fixtures.weather(rng));
        for (int i = 0; i < 50; i++) corpus.add(Fixtures.offDomain(rng));
        Path corpusFile = dir.resolve("corpus.json");
        JSON.writeValue(corpusFile.toFile(), corpus);
        JsonNode tokenizer = JSON.readTree(ReferencePython.run(HuggingFaceInteropTest.SCRIPT, "hf-tokenizer",
                "--style", "llama3", "--vocab-size", "384", "--train", corpusFile.toString(), "--lines",
                corpusFile.toString(), "--save", model.toString(), "--out", dir.resolve("ids.json").toString()));
        int vocab = tokenizer.get("vocab_size").asInt();
        ReferencePython.run(HuggingFaceInteropTest.SCRIPT, "init-llama", "--out", model.toString(), "--seed", "3",
                "--config", "{\"model_type\": \"llama\", \"vocab_size\": " + vocab + ", \"hidden_size\": 64, "
                        + "\"intermediate_size\": 128, \"num_hidden_layers\": 2, \"num_attention_heads\": 4, "
                        + "\"num_key_value_heads\": 2, \"max_position_embeddings\": 128, \"tie_word_embeddings\": true}");
        assertTrue(BaseModels.load(model.toString()) instanceof Llama, "a Llama from the folder's config.json");
        assertTrue(BaseModels.tokenizer(model.toString()) instanceof HuggingFaceTokenizer, "its tokenizer.json");

        List<Example> train = new ArrayList<>(Fixtures.weatherExamples(24, "weather-a", 1));
        train.addAll(Fixtures.weatherExamples(24, "weather-b", 2));
        Rng off = new Rng(4);
        for (int i = 0; i < 24; i++) train.add(new Example(Fixtures.offDomain(off), "logs"));
        List<Example> validation = Fixtures.weatherExamples(12, "validation", 5);
        TrainingConfig lora = TrainingConfig.builder(model.toString()).method(Method.LORA)
                .lora(new LoraConfig(8, 16f, 0f, List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj",
                        "up_proj", "down_proj")))
                .seqLen(64).microBatch(8).gradAccum(1).steps(24).lr(1e-2f).warmupSteps(2).checkpointEvery(8).seed(7)
                .build();
        InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
        TrainingResult loraRun = Trainer.fineTune(lora, train, validation, ProgressListener.NONE, checkpoints);
        TrainingResult qloraRun = Trainer.fineTune(lora.toBuilder().method(Method.QLORA).build(), train, validation,
                ProgressListener.NONE, new InMemoryCheckpointStore());
        System.out.printf("Llama LoRA: held-out loss %.3f -> %.3f; QLoRA %.3f (NF4 base %.3f) -> %.3f; base weights "
                        + "%d -> %d bytes%n", loraRun.base().loss(), loraRun.adapted().loss(), qloraRun.base().loss(),
                qloraRun.quantizedBase().loss(), qloraRun.adapted().loss(), loraRun.baseWeightBytes(),
                qloraRun.baseWeightBytes());
        assertTrue(loraRun.adapted().loss() < loraRun.base().loss() - 0.5, "LoRA lowers the held-out loss");
        assertTrue(qloraRun.adapted().loss() < qloraRun.quantizedBase().loss() - 0.5, "QLoRA lowers the held-out loss");
        ModelSummary summary = ModelSummary.of(HuggingFaceCheckpoint.config(model));
        assertEquals(summary.loraBaseBytes(), loraRun.baseWeightBytes(), "LoRA's base bytes as the catalog says");
        assertEquals(summary.qloraBaseBytes(), qloraRun.baseWeightBytes(), "QLoRA's base bytes as the catalog says");
        assertTrue(qloraRun.baseWeightBytes() < loraRun.baseWeightBytes(), "NF4 base weights are smaller");

        Attribution.Result result = Attribution.compute(Attribution.Algorithm.TRACIN, lora, train, validation,
                checkpoints.all());
        double a = result.contributor("weather-a").influence(), b = result.contributor("weather-b").influence();
        double logs = result.contributor("logs").influence();
        System.out.printf("Llama TracIn influence: weather-a %.4g, weather-b %.4g, logs %.4g%n", a, b, logs);
        assertTrue(a > logs && b > logs, "weather data helps weather validation more than log lines do");
        assertEquals(train.size(), result.examples().size());
    }
}
