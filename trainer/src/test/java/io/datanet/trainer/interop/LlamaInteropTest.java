package io.datanet.trainer.interop;

import static io.datanet.trainer.interop.HuggingFaceInteropTest.maxAbsDiff;
import static io.datanet.trainer.interop.HuggingFaceInteropTest.strings;
import static io.datanet.trainer.interop.HuggingFaceInteropTest.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.testkit.ReferencePython;
import io.datanet.trainer.io.SafeTensors;
import io.datanet.trainer.io.DType;
import io.datanet.trainer.lora.Adapter;
import io.datanet.trainer.lora.LoraConfig;
import io.datanet.trainer.model.HuggingFaceCheckpoint;
import io.datanet.trainer.model.Llama;
import io.datanet.trainer.model.ModelSummary;
import io.datanet.trainer.train.AdamW;
import java.util.Map;
import io.datanet.trainer.nn.Param;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random Llama-architecture models saved by transformers (issue 19) give Java's logits: grouped-query attention
 * with Llama 3's rope scaling, an untied head and a checkpoint in shards; Qwen2's biased q/k/v with one key/value
 * head and a tied head; plain multi-head attention with a head size that does not divide the hidden size. Float32
 * on both sides, within {@link HuggingFaceInteropTest#LOGIT_TOLERANCE}; transformers loads each with no warning.
 * Weights drawn with a standard deviation of 0.15 (not transformers' 0.02) so attention is far from uniform and
 * the logits are of order 1: a key/value head serving the wrong query heads, or the rotation pairing the wrong
 * coordinates, then moves them by far more than the tolerance.
 */
class LlamaInteropTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Largest gradient difference allowed, relative to the largest value of that parameter's gradient. */
    static final double GRADIENT_TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
        // GQA (8 query heads, 2 key/value heads), Llama 3 scaling with frequencies in all three bands, shards
        GQA_LLAMA3,
        // Qwen2: q/k/v biases, one key/value head, tied embeddings, θ = 10⁶, saved in bfloat16 as Qwen's are
        QWEN2,
        // multi-head, head_dim 16 × 4 heads = 64 ≠ hidden 48, default rope
        """
        {"model_type": "llama", "vocab_size": 211, "hidden_size": 48, "intermediate_size": 64, "num_hidden_layers": 2,
         "num_attention_heads": 4, "num_key_value_heads": 4, "head_dim": 16, "max_position_embeddings": 64,
         "tie_word_embeddings": true, "initializer_range": 0.15}"""})
    void transformersLlamaCheckpointsGiveTheSameLogitsAndGradients(String config) throws IOException {
        Path checkpoint = dir.resolve("hf");
        JsonNode made = JSON.readTree(ReferencePython.run(HuggingFaceInteropTest.SCRIPT, "init-llama",
                "--out", checkpoint.toString(), "--config", config.replace('\n', ' '), "--seed", "7",
                "--max-shard-size", "100KB"));
        Llama model = Llama.load(checkpoint);
        assertEquals(made.get("parameters").asLong(), model.parameterCount(), "parameter count");
        ModelSummary summary = ModelSummary.of(HuggingFaceCheckpoint.config(checkpoint));
        assertEquals(made.get("parameters").asLong(), summary.parameters(), "parameters counted from config.json");
        assertEquals(model.baseWeightBytes(), summary.loraBaseBytes(), "float32 bytes counted from config.json");

        int B = 2, T = 48;
        int[] tokens = tokens(B, T, model.config.vocabSize(), 3);
        Path tokenFile = HuggingFaceInteropTest.writeTokens(dir.resolve("tokens.json"), tokens, B, T);
        // One run of the reference: logits, the mean next-token loss, and every parameter's gradient by autograd.
        Path gradFile = dir.resolve("reference.safetensors");
        JsonNode report = JSON.readTree(ReferencePython.run(HuggingFaceInteropTest.SCRIPT, "grads", "--model",
                checkpoint.toString(), "--tokens", tokenFile.toString(), "--out", gradFile.toString()));
        assertEquals("torch.float32", report.get("model_dtype").asText());
        assertEquals(List.of(), strings(report.get("warnings")), "warnings while transformers loaded it");

        float[] javaLogits = model.logits(tokens, B, T);
        SafeTensors.Contents grads = SafeTensors.read(gradFile);
        double diff = maxAbsDiff(javaLogits, grads.get("logits").data());
        System.out.printf("%s: logits of %d positions (largest %.2f) agree within %.2e%n", made.get("class").asText(),
                B * T, HuggingFaceInteropTest.maxAbs(javaLogits), diff);
        assertTrue(diff <= HuggingFaceInteropTest.LOGIT_TOLERANCE, "logits differ by " + diff);

        // Training's backward pass against PyTorch's autograd of the same loss.
        int[] targets = new int[B * T];
        int count = 0;
        for (int i = 0; i < B * T; i++) {
            targets[i] = (i + 1) % T == 0 ? -1 : tokens[i + 1];
            count += targets[i] < 0 ? 0 : 1;
        }
        model.parameters().forEach(Param::zeroGrad);
        double loss = model.forward(tokens, targets, B, T) / count;
        model.backward(1f / count);
        assertEquals(grads.get("loss").data()[0], loss, 1e-5, "mean loss");
        assertEquals(grads.tensors().size() - 2, model.parameters().size(), "parameters with a gradient");
        double worst = 0;
        String worstName = "";
        for (Param p : model.parameters()) {
            SafeTensors.Tensor reference = grads.get(p.name);
            assertTrue(reference != null, "PyTorch has no gradient named " + p.name);
            // Projections are kept [in, out]; nn.Linear's weight (and its gradient) is [out, in].
            float[] ours = p.name.endsWith("_proj.weight") ? transpose(p.grad(), p.shape[0], p.shape[1]) : p.grad();
            double relative = maxAbsDiff(ours, reference.data()) / Math.max(1e-6, HuggingFaceInteropTest.maxAbs(reference.data()));
            if (relative > worst) {
                worst = relative;
                worstName = p.name;
            }
        }
        System.out.printf("%s: loss %.6f, every gradient within %.2e of its largest value (worst %s)%n",
                made.get("class").asText(), loss, worst, worstName);
        assertTrue(worst <= GRADIENT_TOLERANCE, "gradient of " + worstName + " differs by " + worst + " of its scale");
    }

    static final String GQA_LLAMA3 = """
        {"model_type": "llama", "vocab_size": 300, "hidden_size": 64, "intermediate_size": 96, "num_hidden_layers": 2,
         "num_attention_heads": 8, "num_key_value_heads": 2, "max_position_embeddings": 64, "rms_norm_eps": 1e-5,
         "rope_parameters": {"rope_type": "llama3", "rope_theta": 500000.0, "factor": 8.0, "low_freq_factor": 1.0,
                             "high_freq_factor": 4.0, "original_max_position_embeddings": 24},
         "tie_word_embeddings": false, "initializer_range": 0.15}""";
    static final String QWEN2 = """
        {"model_type": "qwen2", "vocab_size": 257, "hidden_size": 48, "intermediate_size": 80, "num_hidden_layers": 3,
         "num_attention_heads": 6, "num_key_value_heads": 1, "max_position_embeddings": 64,
         "rope_parameters": {"rope_type": "default", "rope_theta": 1000000.0}, "tie_word_embeddings": true,
         "initializer_range": 0.15, "save_dtype": "bfloat16"}""";

    /**
     * LoRA on Qwen2 (biased q/k/v, tied head; every projection adapted) and QLoRA on grouped-query Llama 3 (a
     * subset adapted, every projection NF4): trained a few steps in Java, the adapter exported in PEFT's layout loads
     * in PEFT over the transformers model with no missing or unexpected key and no warning and gives Java's logits;
     * PEFT's merge_and_unload() gives the weights and logits of Java's merged export. A QLoRA adapter is applied to
     * the base it was trained on, Java's NF4 weights dequantised ({@link Adapter#base()}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"LORA", "QLORA"})
    void adaptersExportedByJavaLoadInPeftAndGiveJavasLogits(String method) throws IOException {
        boolean qlora = method.equals("QLORA");
        Path checkpoint = dir.resolve("hf");
        ReferencePython.run(HuggingFaceInteropTest.SCRIPT, "init-llama", "--out", checkpoint.toString(),
                "--config", (qlora ? GQA_LLAMA3 : QWEN2).replace('\n', ' '), "--seed", "11");
        Llama model = Llama.load(checkpoint);
        List<String> targets = qlora ? List.of("q_proj", "v_proj", "down_proj")
                : List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");
        Adapter adapter = Adapter.attach(model, new LoraConfig(4, 8f, 0.1f, targets), qlora, 5);
        assertEquals(model.config.numLayers() * targets.size(), adapter.layers().size(), "adapted projections");

        int B = 2, T = 32;
        int[] tokens = tokens(B, T, model.config.vocabSize(), 4);
        int[] next = new int[B * T];
        for (int i = 0; i < B * T; i++) next[i] = (i + 1) % T == 0 ? -1 : tokens[i + 1];
        AdamW optimizer = new AdamW(adapter.params(), 0f);
        double first = Double.NaN, last = Double.NaN;
        for (int step = 0; step < 8; step++) {
            model.zeroGrad();
            adapter.setTraining(true, step);
            last = model.forward(tokens, next, B, T) / (B * (T - 1));
            first = step == 0 ? last : first;
            model.backward(1f / (B * (T - 1)));
            optimizer.step(2e-2f);
        }
        adapter.setTraining(false, 0);
        assertTrue(last < first, "training lowered the loss: " + first + " -> " + last);
        assertTrue(adapter.layers().stream().allMatch(l -> HuggingFaceInteropTest.maxAbs(l.b.data) > 0), "every B moved");

        Path base = checkpoint;
        if (qlora) {
            base = dir.resolve("nf4-base");
            adapter.base().save(base, DType.F32, Map.of());
        }
        Path peft = dir.resolve("adapter");
        adapter.savePeft(peft, base.toString(), Map.of());
        Path javaMerged = dir.resolve("merged-java");
        adapter.saveMerged(javaMerged, Map.of());
        Path peftMerged = dir.resolve("merged-peft");
        Path tokenFile = HuggingFaceInteropTest.writeTokens(dir.resolve("tokens.json"), tokens, B, T);
        Path out = dir.resolve("reference.safetensors");
        JsonNode report = JSON.readTree(ReferencePython.run(HuggingFaceInteropTest.SCRIPT, "logits", "--model",
                base.toString(), "--tokens", tokenFile.toString(), "--out", out.toString(), "--adapter",
                peft.toString(), "--merged-out", peftMerged.toString()));
        assertEquals(List.of(), strings(report.get("missing_keys")), "adapter keys PEFT expected, not found");
        assertEquals(List.of(), strings(report.get("unexpected_keys")), "adapter keys PEFT does not know");
        assertEquals(List.of(), strings(report.get("warnings")), "warnings while PEFT loaded the adapter");
        SafeTensors.Contents reference = SafeTensors.read(out);

        float[] javaLogits = model.logits(tokens, B, T);
        // The adapter moves the logits far more than the tolerance, so a misplaced or transposed tensor would show.
        double moved = maxAbsDiff(javaLogits, adapter.base().logits(tokens, B, T));
        assertTrue(moved > 100 * HuggingFaceInteropTest.LOGIT_TOLERANCE, "the adapter moved the logits by " + moved);
        double diff = maxAbsDiff(javaLogits, reference.get("logits").data());
        System.out.printf("%s %s: the adapter moves the logits by up to %.2f; PEFT's agree within %.2e%n", method,
                model.config.modelType(), moved, diff);
        assertTrue(diff <= HuggingFaceInteropTest.LOGIT_TOLERANCE, "adapted logits differ by " + diff);
        double mergedDiff = maxAbsDiff(javaLogits, reference.get("merged_logits").data());
        assertTrue(mergedDiff <= HuggingFaceInteropTest.LOGIT_TOLERANCE, "merge_and_unload()'s logits differ by " + mergedDiff);
        SafeTensors.Contents ours = SafeTensors.read(javaMerged.resolve("model.safetensors"));
        SafeTensors.Contents theirs = SafeTensors.read(peftMerged.resolve("model.safetensors"));
        assertEquals(new java.util.TreeSet<>(theirs.tensors().keySet()), new java.util.TreeSet<>(ours.tensors().keySet()),
                "tensor names of the merged checkpoints");
        for (String name : ours.tensors().keySet()) {
            double weightDiff = maxAbsDiff(ours.get(name).data(), theirs.get(name).data());
            assertTrue(weightDiff <= HuggingFaceInteropTest.MERGED_WEIGHT_TOLERANCE, name + " differs from merge_and_unload()'s by " + weightDiff);
        }
        // and Java reads its own merged export back to the same logits
        double reloaded = maxAbsDiff(javaLogits, Llama.load(javaMerged).logits(tokens, B, T));
        assertTrue(reloaded <= 1e-5, "the merged export's logits differ by " + reloaded);
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
        }
        return t;
    }
}
