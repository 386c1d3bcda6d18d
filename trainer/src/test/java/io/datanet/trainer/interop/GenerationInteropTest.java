package io.datanet.trainer.interop;

import static io.datanet.trainer.interop.HuggingFaceInteropTest.strings;
import static io.datanet.trainer.interop.HuggingFaceInteropTest.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.testkit.ReferencePython;
import io.datanet.trainer.generate.Generation;
import io.datanet.trainer.lora.Adapter;
import io.datanet.trainer.lora.LoraConfig;
import io.datanet.trainer.lora.LoraLinear;
import io.datanet.trainer.model.Llama;
import io.datanet.trainer.tensor.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Greedy generation gives transformers' {@code generate(do_sample=False)} token for token, on a Llama checkpoint
 * saved by transformers, with and without a LoRA adapter (PEFT's model over Java's exported adapter), from three
 * prompts (the longest filling the model's 64 positions).
 */
class GenerationInteropTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void greedyGenerationIsTransformersOwn() throws IOException {
        Path checkpoint = dir.resolve("hf");
        ReferencePython.run(HuggingFaceInteropTest.SCRIPT, "init-llama", "--out", checkpoint.toString(), "--seed", "9",
                "--config", LlamaInteropTest.GQA_LLAMA3.replace('\n', ' '));
        Llama model = Llama.load(checkpoint);
        int eos = 299, steps = 34;
        List<int[]> prompts = List.of(tokens(1, 8, 299, 1), tokens(1, 30, 299, 2), tokens(1, 3, 299, 3));
        Generation.Settings greedy = new Generation.Settings(steps, 0, 1, 0);

        List<int[]> base = new ArrayList<>();
        for (int[] p : prompts) base.add(Generation.generateIds(model, p, eos, greedy, null));
        assertEquals(base.stream().map(Arrays::toString).toList(), reference(checkpoint, null, prompts, eos, steps),
                "the base model's greedy tokens");

        Adapter adapter = Adapter.attach(model, new LoraConfig(4, 8f, 0f, List.of("q_proj", "v_proj", "down_proj")), false, 1);
        Rng rng = new Rng(5);
        for (LoraLinear l : adapter.layers()) for (int i = 0; i < l.b.data.length; i++) l.b.data[i] = (float) rng.nextGaussian() * 0.3f;
        Path peft = dir.resolve("adapter");
        adapter.savePeft(peft, checkpoint.toString(), Map.of());
        List<int[]> adapted = new ArrayList<>();
        for (int[] p : prompts) adapted.add(Generation.generateIds(model, p, eos, greedy, null));
        assertNotEquals(base.stream().map(Arrays::toString).toList(), adapted.stream().map(Arrays::toString).toList(),
                "the adapter changes what is generated");
        assertEquals(adapted.stream().map(Arrays::toString).toList(), reference(checkpoint, peft, prompts, eos, steps),
                "the adapted model's greedy tokens");
    }

    private List<String> reference(Path model, Path adapter, List<int[]> prompts, int eos, int steps) throws IOException {
        Path tokenFile = dir.resolve("prompts.json"), out = dir.resolve("generated.json");
        JSON.writeValue(tokenFile.toFile(), prompts);
        List<String> args = new ArrayList<>(List.of("generate", "--model", model.toString(), "--tokens",
                tokenFile.toString(), "--max-new-tokens", String.valueOf(steps), "--eos", String.valueOf(eos),
                "--out", out.toString()));
        if (adapter != null) args.addAll(List.of("--adapter", adapter.toString()));
        JsonNode report = JSON.readTree(ReferencePython.run(HuggingFaceInteropTest.SCRIPT, args.toArray(String[]::new)));
        assertEquals(List.of(), strings(report.get("warnings")), "warnings while transformers loaded it");
        List<String> rows = new ArrayList<>();
        for (JsonNode row : JSON.readTree(out.toFile())) rows.add(Arrays.toString(JSON.treeToValue(row, int[].class)));
        return rows;
    }
}
