package io.datanet.validation.meaning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SentenceEncoderTest {

    private static SentenceEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = new SentenceEncoder(1, 16);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static final List<String> TEXTS = List.of(
            "Whisk the eggs with sugar until pale, then fold in the sifted flour.",
            "Parliament passed the budget after a long night of debate.",
            "Roast the peppers until their skins blacken, then peel them.",
            "A short one.",
            "The committee met on Tuesday to discuss the new schedule for the harbour works, which had fallen "
                    + "behind because of the storms in the spring and the shortage of steel.");

    /**
     * Batched and padded, each embedding is what the reference (one text per run, langchain4j's) computes, up to the
     * model's quantisation: its int8 layers scale activations by the largest in the batch, so batch-mates move an
     * embedding a little (cosine 0.98 and more for short texts, measured); a mistake in padding or pooling moves it far more.
     */
    @Test
    void batchesGiveTheReferenceEmbeddings() {
        AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
        float[][] batched = encoder.encode(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] expected = reference.embed(TEXTS.get(i)).content().vector();
            assertEquals(SentenceEncoder.DIMENSIONS, batched[i].length);
            assertEquals(1.0, Vectors.dot(batched[i], batched[i]), 1e-5);
            assertEquals(1.0, Vectors.dot(batched[i], expected), 0.015, "text " + i);
        }
    }

    @Test
    void similarMeaningsAreCloserThanDifferentOnes() {
        float[][] e = encoder.encode(TEXTS);
        assertTrue(Vectors.dot(e[0], e[2]) > Vectors.dot(e[0], e[1]) + 0.1,
                "two recipes " + Vectors.dot(e[0], e[2]) + " vs recipe and politics " + Vectors.dot(e[0], e[1]));
    }

    @Test
    void batchSizeDoesNotChangeTheResult() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(TEXTS.get(i % TEXTS.size()) + " Note " + i + ".");
        }
        try (SentenceEncoder one = new SentenceEncoder(1, 1)) {
            float[][] single = one.encode(many);
            float[][] batched = encoder.encode(many);
            for (int i = 0; i < many.size(); i++) {
                assertEquals(1.0, Vectors.dot(single[i], batched[i]), 0.03, "text " + i);
            }
        }
    }
}
