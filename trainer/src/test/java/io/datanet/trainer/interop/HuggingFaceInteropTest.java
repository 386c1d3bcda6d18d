package io.datanet.trainer.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.testkit.ReferencePython;
import io.datanet.trainer.io.DType;
import io.datanet.trainer.io.SafeTensors;
import io.datanet.trainer.lora.Adapter;
import io.datanet.trainer.model.CausalLM;
import io.datanet.trainer.model.GPT2;
import io.datanet.trainer.model.HuggingFaceCheckpoint;
import io.datanet.trainer.tensor.Rng;
import io.datanet.trainer.train.BaseModels;
import io.datanet.trainer.train.CheckpointStore;
import io.datanet.trainer.train.Example;
import io.datanet.trainer.train.Fixtures;
import io.datanet.trainer.train.Method;
import io.datanet.trainer.train.ProgressListener;
import io.datanet.trainer.train.Trainer;
import io.datanet.trainer.train.TrainingConfig;
import io.datanet.trainer.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trainer against the libraries its files are meant for: transformers' {@code GPT2LMHeadModel} computes the
 * same logits from the same checkpoint, PEFT loads the adapters a training job exports and computes the same
 * adapted logits, and {@code merge_and_unload()} gives the merged export's weights. Everything in float32; the
 * reference runs in the project's interop Python environment ({@link ReferencePython}).
 */
class HuggingFaceInteropTest {
    /** Largest difference allowed between Java's and PyTorch's float32 logits. */
    static final double LOGIT_TOLERANCE = 1e-4;
    /** W + (alpha/r)·A·B is one float32 product and sum in both; only the summation order differs. */
    static final double MERGED_WEIGHT_TOLERANCE = 1e-6;
    static final Path SCRIPT = Path.of("src/test/python/hf_reference.py");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void builtInModelGivesTransformersLogits() throws IOException {
        Path checkpoint = builtInCheckpoint(dir.resolve("builtin"));
        CausalLM model = BaseModels.load(BaseModels.DEFAULT);
        int[] tokens = tokens(2, 128, model.vocabSize(), 1);
        Run run = assertSameLogits(model, tokens, 2, 128, checkpoint, List.of());
        assertEquals(List.of(), strings(run.report.get("warnings")));
    }

    /** Random GPT-2s saved by transformers itself, from a toy up to GPT-2 small's shapes and vocabulary (124M). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "two layers,       2,  4,  64,   32,   300, 16",
            "odd head size,    3,  3,  48,   40,  1001, 40",
            "GPT-2 small,     12, 12, 768, 1024, 50257, 24"})
    void transformersCheckpointsGiveTheSameLogits(String name, int layers, int heads, int embd, int positions,
                                                  int vocab, int seqLen) throws IOException {
        Path checkpoint = dir.resolve("hf");
        JsonNode made = JSON.readTree(ReferencePython.run(SCRIPT, "init", "--out", checkpoint.toString(),
                "--n-layer", "" + layers, "--n-head", "" + heads, "--n-embd", "" + embd,
                "--n-positions", "" + positions, "--vocab-size", "" + vocab, "--seed", "" + layers));
        GPT2 model = HuggingFaceCheckpoint.load(checkpoint);
        assertEquals(made.get("parameters").asLong(), model.config.parameterCount(), "parameter count");
        int[] tokens = tokens(2, seqLen, vocab, layers);
        Run run = assertSameLogits(model, tokens, 2, seqLen, checkpoint, List.of());
        assertEquals(List.of(), strings(run.report.get("warnings")));
    }

    @Test
    void loraAdapterLoadsInPeftAndMergesLikeMergeAndUnload() throws IOException {
        Path base = builtInCheckpoint(dir.resolve("builtin"));
        adapterRoundTrip(Method.LORA, base);
    }

    /**
     * A QLoRA adapter was trained on Java's NF4 base, so PEFT applies it to that base dequantised
     * ({@link Adapter#base()}), which is what the exported adapter must reproduce.
     */
    @Test
    void qloraAdapterLoadsInPeftOnTheDequantisedNf4Base() throws IOException {
        adapterRoundTrip(Method.QLORA, null);
    }

    private void adapterRoundTrip(Method method, Path baseCheckpoint) throws IOException {
        List<Example> examples = new ArrayList<>(Fixtures.weatherExamples(48, "ana", 11));
        TrainingConfig cfg = TrainingConfig.builder(BaseModels.DEFAULT).method(method)
                .lora(8, 16f, 0.05f, List.of("c_attn", "c_proj", "c_fc"))
                .seqLen(64).microBatch(4).gradAccum(1).steps(6).lr(5e-3f).warmupSteps(1).seed(5).build();
        TrainingResult result = Trainer.fineTune(cfg, examples, ProgressListener.NONE, CheckpointStore.NONE);
        Adapter adapter = result.adapter();
        adapter.setTraining(false, 0);
        assertTrue(adapter.layers().stream().allMatch(l -> maxAbs(l.b.data) > 0), "training moved every B");

        Path base = baseCheckpoint;
        if (base == null) {
            base = dir.resolve("nf4-base");
            adapter.base().save(base, DType.F32, Map.of());
        }
        Path peft = dir.resolve("adapter");
        adapter.savePeft(peft, base.toString(), Map.of());
        Path javaMerged = dir.resolve("merged-java");
        adapter.saveMerged(javaMerged, Map.of());
        Path peftMerged = dir.resolve("merged-peft");

        CausalLM adapted = adapter.model();
        int[] tokens = tokens(2, 64, adapted.vocabSize(), 3);
        Run run = assertSameLogits(adapted, tokens, 2, 64, base, List.of("--adapter", peft.toString(),
                "--merged-out", peftMerged.toString()));
        assertEquals(List.of(), strings(run.report.get("missing_keys")), "adapter keys PEFT expected, not found");
        assertEquals(List.of(), strings(run.report.get("unexpected_keys")), "adapter keys PEFT does not know");
        assertEquals(List.of(), strings(run.report.get("warnings")), "warnings while PEFT loaded the adapter");

        // merge_and_unload() against the merged export: weights, and the merged model's logits against Java's
        GPT2 fromPeft = HuggingFaceCheckpoint.load(peftMerged);
        GPT2 fromJava = HuggingFaceCheckpoint.load(javaMerged);
        for (SafeTensors.Tensor t : HuggingFaceCheckpoint.stateDict(fromJava)) {
            SafeTensors.Tensor p = HuggingFaceCheckpoint.stateDict(fromPeft).stream().filter(x -> x.name().equals(t.name())).findFirst()
                    .orElseThrow(() -> new AssertionError("merge_and_unload() lacks " + t.name()));
            double diff = maxAbsDiff(t.data(), p.data());
            assertTrue(diff <= MERGED_WEIGHT_TOLERANCE, t.name() + " differs by " + diff);
        }
        double diff = maxAbsDiff(run.javaLogits, run.reference.get("merged_logits").data());
        assertTrue(diff <= LOGIT_TOLERANCE, "merge_and_unload()'s logits differ by " + diff);
    }

    /** What the reference printed, the logits Java computed, and the tensors the reference wrote. */
    record Run(JsonNode report, float[] javaLogits, SafeTensors.Contents reference) {
    }

    /**
     * Runs the model in Java and in transformers (with PEFT when {@code extra} names an adapter) on the same
     * tokens and compares the logits.
     */
    private Run assertSameLogits(CausalLM model, int[] tokens, int B, int T, Path checkpoint, List<String> extra)
            throws IOException {
        float[] javaLogits = model.logits(tokens, B, T);
        Path tokenFile = writeTokens(dir.resolve("tokens.json"), tokens, B, T);
        Path out = dir.resolve("reference.safetensors");
        List<String> args = new ArrayList<>(List.of("logits", "--model", checkpoint.toString(),
                "--tokens", tokenFile.toString(), "--out", out.toString()));
        args.addAll(extra);
        JsonNode report = JSON.readTree(ReferencePython.run(SCRIPT, args.toArray(String[]::new)));
        // the checkpoint's config declares float32, so transformers loads it so without being told
        assertEquals("torch.float32", report.get("model_dtype").asText(), "dtype transformers chose");
        SafeTensors.Contents reference = SafeTensors.read(out);
        double diff = maxAbsDiff(javaLogits, reference.get("logits").data());
        assertTrue(diff <= LOGIT_TOLERANCE, "logits differ by " + diff + " (allowed " + LOGIT_TOLERANCE + ")");
        System.out.printf("%s: logits of %d positions agree within %.2e%n", checkpoint.getFileName(), B * T, diff);
        return new Run(report, javaLogits, reference);
    }

    /** The built-in model's files as shipped in the jar, in a folder transformers can read. */
    static Path builtInCheckpoint(Path folder) throws IOException {
        Files.createDirectories(folder);
        String name = BaseModels.DEFAULT.substring(BaseModels.BUILTIN_PREFIX.length());
        for (String f : List.of("config.json", "model.safetensors")) {
            try (InputStream in = BaseModels.class.getResourceAsStream("/models/" + name + "/" + f)) {
                Files.copy(in, folder.resolve(f));
            }
        }
        return folder;
    }

    /** Tokens [B, T] as the reference reads them: a JSON array of B rows. */
    static Path writeTokens(Path file, int[] tokens, int B, int T) throws IOException {
        int[][] rows = new int[B][];
        for (int b = 0; b < B; b++) rows[b] = java.util.Arrays.copyOfRange(tokens, b * T, (b + 1) * T);
        JSON.writeValue(file.toFile(), rows);
        return file;
    }

    static int[] tokens(int B, int T, int vocab, long seed) {
        Rng rng = new Rng(seed);
        int[] t = new int[B * T];
        for (int i = 0; i < t.length; i++) t[i] = rng.nextInt(vocab);
        return t;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length, "sizes");
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }

    static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
