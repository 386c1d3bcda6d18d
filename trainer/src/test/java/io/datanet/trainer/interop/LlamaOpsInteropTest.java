package io.datanet.trainer.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.testkit.ReferencePython;
import io.datanet.trainer.nn.Float64Reference;
import io.datanet.trainer.nn.RmsNorm;
import io.datanet.trainer.nn.Rope;
import io.datanet.trainer.nn.SwiGlu;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Llama architecture's building blocks against transformers' own (issue 19): LlamaRMSNorm, LlamaRotaryEmbedding
 * with apply_rotary_pos_emb for the default rope type and Llama 3's scaled one (with frequencies in each of its three
 * bands), and the MLP's silu(gate)·up, on the same random inputs in float32. They differ only by rounding (PyTorch's
 * float32 reductions and transcendental functions against Java's double statistics and Math.cos), so 1e-5 of the
 * values' scale is ample, and a wrong convention (the rotation pairing j with j+1 instead of j + D/2, the frequency
 * exponent, a band boundary of Llama 3's scaling) is off by O(1).
 */
class LlamaOpsInteropTest {

    static final double TOLERANCE = 1e-5;
    static final Path SCRIPT = Path.of("src/test/python/llama_ops_reference.py");
    static final ObjectMapper JSON = new ObjectMapper();
    static final int ROWS = 10, HIDDEN = 48, B = 2, T = 96, H = 4, D = 32, N = 500;

    @TempDir
    Path dir;

    @Test
    void rmsNormRotaryEmbeddingsAndSwiGluEqualTransformers() throws IOException {
        Random random = new Random(19);
        float[] x = Float64Reference.gaussian(random, ROWS * HIDDEN, 3);
        float[] w = Float64Reference.gaussian(random, HIDDEN, 1);
        float[] q = Float64Reference.gaussian(random, B * T * H * D, 1);
        float[] gate = Float64Reference.gaussian(random, N, 4);
        float[] up = Float64Reference.gaussian(random, N, 1);
        float eps = 1e-5f;
        // Llama 3's scaling with the original context shrunk to fit the test: wavelengths under 16 positions stay,
        // over 64 are stretched 8 times, between blend (with θ = 500000 and D = 32, each band has frequencies).
        Rope.Scaling llama3 = new Rope.Scaling(8, 1, 4, 64);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("rows", ROWS);
        spec.put("hidden", HIDDEN);
        spec.put("eps", eps);
        spec.put("x", x);
        spec.put("w", w);
        spec.put("batch", B);
        spec.put("positions", T);
        spec.put("heads", H);
        spec.put("head_dim", D);
        spec.put("rope", List.of(Map.of("rope_type", "default", "rope_theta", 10000.0),
                Map.of("rope_type", "llama3", "rope_theta", 500000.0, "factor", llama3.factor(),
                        "low_freq_factor", llama3.lowFreqFactor(), "high_freq_factor", llama3.highFreqFactor(),
                        "original_max_position_embeddings", llama3.originalMaxPositions())));
        spec.put("q", q);
        spec.put("gate", gate);
        spec.put("up", up);
        Path in = dir.resolve("in.json"), out = dir.resolve("out.json");
        JSON.writeValue(in.toFile(), spec);
        ReferencePython.run(SCRIPT, in.toString(), out.toString());
        JsonNode reference = JSON.readTree(out.toFile());

        float[] normed = new float[ROWS * HIDDEN];
        RmsNorm.forward(normed, new float[ROWS], x, w, ROWS, HIDDEN, eps);
        assertClose("RMSNorm", normed, reference.get("rmsnorm"));

        float[] rotated = new float[q.length];
        Rope.of(D, T, 10000.0, null).forward(rotated, q, B, T, H);
        assertClose("rotary embeddings", rotated, reference.get("rope").get(0));
        Rope.of(D, T, 500000.0, llama3).forward(rotated, q, B, T, H);
        assertClose("rotary embeddings, Llama 3 scaling", rotated, reference.get("rope").get(1));

        float[] activated = new float[N];
        SwiGlu.forward(activated, gate, up, N);
        assertClose("SwiGLU", activated, reference.get("swiglu"));
    }

    private static void assertClose(String what, float[] actual, JsonNode expected) {
        assertEquals(actual.length, expected.size(), what + ": sizes");
        double scale = 0, worst = 0;
        int at = -1;
        for (int i = 0; i < actual.length; i++) {
            scale = Math.max(scale, Math.abs(expected.get(i).asDouble()));
        }
        for (int i = 0; i < actual.length; i++) {
            double difference = Math.abs(actual[i] - expected.get(i).asDouble());
            if (difference > worst) {
                worst = difference;
                at = i;
            }
        }
        System.out.printf("%s: worst difference %.2e of scale %.2f at %d%n", what, worst, scale, at);
        assertTrue(worst <= TOLERANCE * scale, what + ": worst difference " + worst + " at " + at + " (scale " + scale + ")");
    }
}
