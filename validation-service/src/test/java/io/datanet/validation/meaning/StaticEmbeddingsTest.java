package io.datanet.validation.meaning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StaticEmbeddingsTest {

    private static StaticEmbeddings table;
    private static SentenceEncoder teacher;

    @BeforeAll
    static void load() {
        table = StaticEmbeddings.load();
        teacher = new SentenceEncoder(1, StaticDistillation.BATCH);
    }

    @AfterAll
    static void close() {
        teacher.close();
    }

    /**
     * The committed table is what scripts/distill-embeddings.sh makes from the model: two of its batches of word
     * pieces embedded again, batched as the distiller batches them (the quantised model scales activations per
     * batch, so a piece's embedding depends a little on its batch-mates).
     */
    @Test
    void rowsAreTheTeachersEmbeddingsOfEachWordPiece() throws Exception {
        assertEquals(StaticDistillation.vocabularySize(), table.vocabularySize());
        for (int from : new int[]{2048, 16384}) {
            List<long[]> batch = new ArrayList<>();
            for (int id = from; id < from + StaticDistillation.BATCH; id++) {
                batch.add(new long[]{101, id, 102});
            }
            float[][] expected = teacher.encodeTokenIds(batch);
            for (int i = 0; i < expected.length; i++) {
                float[] row = table.row(from + i);
                double cosine = Vectors.dot(row, expected[i]) / Math.sqrt(Vectors.dot(row, row));
                assertTrue(cosine > 0.999, "piece " + (from + i) + ": " + cosine);
                assertTrue(table.weight(from + i) > 0);
            }
        }
        int the = (int) table.pieces("the")[0];
        int cooking = (int) table.pieces("cooking")[0];
        assertTrue(table.weight(the) < table.weight(cooking) / 3, "'the' says less than 'cooking'");
    }

    @Test
    void textsAboutTheSameThingAreCloserThanTextsAboutDifferentThings() {
        List<float[]> e = table.embed(List.of(
                "Whisk the eggs with sugar until pale, then fold in the sifted flour.",
                "Roast the peppers until their skins blacken, then peel them.",
                "Parliament passed the budget after a long night of debate.",
                "The senate voted on the new tax law before the recess."));
        for (float[] v : e) {
            assertEquals(1.0, Vectors.dot(v, v), 1e-5);
        }
        assertTrue(Vectors.dot(e.get(0), e.get(1)) > Vectors.dot(e.get(0), e.get(2)) + 0.2);
        assertTrue(Vectors.dot(e.get(2), e.get(3)) > Vectors.dot(e.get(1), e.get(3)) + 0.2);
    }
}
