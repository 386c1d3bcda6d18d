package io.datanet.validation.meaning;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Makes {@link StaticEmbeddings}' table from the full model and real text ({@code scripts/distill-embeddings.sh}):
 * <ol>
 *   <li>each word piece's row is the teacher's embedding of "[CLS] piece [SEP]" (Model2Vec's distillation);</li>
 *   <li>its weight is its inverse document frequency, log((N + 1) / (df + 1)), over the real paragraphs, so that
 *       "the" and "," say little and "saffron" says much (pieces the text never has get the largest weight);</li>
 *   <li>the mean of the real paragraphs' weighted, unit-length sums is the direction removed from every text.</li>
 * </ol>
 * Deterministic for a given model and text: the table is committed and a test holds it to the teacher.
 */
public final class StaticDistillation {

    /** Word pieces per run of the teacher (a test re-embeds whole batches, so it is part of the recipe). */
    static final int BATCH = 512;

    private StaticDistillation() {
    }

    public static void distill(SentenceEncoder teacher, List<String> realText, OutputStream out) throws IOException {
        int size = vocabularySize();
        float[][] rows = new float[size][];
        for (int from = 0; from < size; from += BATCH) {
            List<long[]> batch = new ArrayList<>();
            for (int id = from; id < Math.min(size, from + BATCH); id++) {
                batch.add(new long[]{101, id, 102});
            }
            float[][] embedded = teacher.encodeTokenIds(batch);
            System.arraycopy(embedded, 0, rows, from, embedded.length);
        }
        List<String> vocabulary = vocabulary();
        WordPieces pieces = new WordPieces(vocabulary);
        int[] documentFrequency = new int[size];
        List<long[]> documents = new ArrayList<>();
        for (String text : realText) {
            long[] ids = pieces.ids(text, Integer.MAX_VALUE);
            documents.add(ids);
            BitSet seen = new BitSet(size);
            for (long id : ids) {
                if (!seen.get((int) id)) {
                    seen.set((int) id);
                    documentFrequency[(int) id]++;
                }
            }
        }
        float[] weights = new float[size];
        for (int t = 0; t < size; t++) {
            weights[t] = (float) Math.log((realText.size() + 1.0) / (documentFrequency[t] + 1.0));
        }
        float[] noMean = new float[SentenceEncoder.DIMENSIONS];
        java.io.ByteArrayOutputStream provisional = new java.io.ByteArrayOutputStream();
        StaticEmbeddings.write(provisional, vocabulary, rows, weights, noMean);
        StaticEmbeddings uncentred = StaticEmbeddings.read(new java.io.ByteArrayInputStream(provisional.toByteArray()));
        double[] mean = new double[SentenceEncoder.DIMENSIONS];
        for (long[] ids : documents) {
            float[] unit = uncentred.sum(ids);
            for (int d = 0; d < mean.length; d++) {
                mean[d] += unit[d] / documents.size();
            }
        }
        float[] realTextMean = new float[mean.length];
        for (int d = 0; d < mean.length; d++) {
            realTextMean[d] = (float) mean[d];
        }
        StaticEmbeddings.write(out, vocabulary, rows, weights, realTextMean);
    }

    /** The word pieces of the model's tokenizer.json (its "model"."vocab" map), in id order. */
    static List<String> vocabulary() throws IOException {
        try (var in = StaticDistillation.class.getResourceAsStream("/all-minilm-l6-v2-q-tokenizer.json")) {
            var vocab = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).path("model").path("vocab");
            String[] pieces = new String[vocab.size()];
            vocab.fields().forEachRemaining(e -> pieces[e.getValue().asInt()] = e.getKey());
            return List.of(pieces);
        }
    }

    static int vocabularySize() throws IOException {
        return vocabulary().size();
    }

    /** {@code StaticDistillation <output file>}: distils from the Brown corpus's paragraphs. */
    public static void main(String[] args) throws IOException {
        Path output = Path.of(args[0]);
        List<String> paragraphs = BrownCorpus.paragraphs();
        try (SentenceEncoder teacher = new SentenceEncoder(Runtime.getRuntime().availableProcessors(), BATCH);
             OutputStream out = Files.newOutputStream(output)) {
            distill(teacher, paragraphs, out);
        }
        System.out.println("wrote " + output + " from " + paragraphs.size() + " paragraphs of real text");
    }
}
