package io.datanet.validation.meaning;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentence embeddings from a static table distilled from all-MiniLM-L6-v2 (the Model2Vec method, Tulkens and van
 * Dongen 2024): each word piece's row is what the full model says of that piece alone, weighted by how rare the piece
 * is in real English (its inverse document frequency in the Brown corpus); a text's embedding is the sum of its
 * pieces' rows, made unit length, with the mean direction of real text removed (every text shares it, and it would
 * make unrelated texts look alike), made unit length again.
 *
 * <p>Why not the full model for every record: on this project's 2-core machine it costs about 27 ms a paragraph
 * (BENCHMARKS.md), which would cut the pipeline's capacity several times over; the table costs microseconds and,
 * measured on the same labelled data, ranks relevance nearly as well. {@link SentenceEncoder} is the teacher the
 * table is made from ({@code scripts/distill-embeddings.sh}) and what its tests compare with.
 *
 * <p>The table is a class-path resource holding the vocabulary and the rows as int8 with a scale each (12 MB for
 * 30,522 pieces × 384): the service needs neither the model nor a native library at run time.
 */
public final class StaticEmbeddings {

    public static final String RESOURCE = "/meaning/all-minilm-l6-v2-static.bin";
    private static final int MAGIC = 0x444e5345;   // "DNSE"
    private static final int FORMAT = 1;
    /** A record's first pieces, as many as the model reads (what a record is about is said early). */
    private static final int MAX_TOKENS = 512;

    private final int dimensions;
    private final float[] weights;
    private final float[] scales;
    private final byte[] rows;
    private final float[] realTextMean;
    private final WordPieces tokenizer;

    private StaticEmbeddings(List<String> vocabulary, int dimensions, float[] weights, float[] scales, byte[] rows,
                             float[] realTextMean) {
        this.dimensions = dimensions;
        this.weights = weights;
        this.scales = scales;
        this.rows = rows;
        this.realTextMean = realTextMean;
        this.tokenizer = new WordPieces(vocabulary);
    }

    /** The table shipped with the service. */
    public static StaticEmbeddings load() {
        try (InputStream in = StaticEmbeddings.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path (scripts/distill-embeddings.sh makes it)");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StaticEmbeddings read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
        if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
            throw new IOException("not a static embedding table of format " + FORMAT);
        }
        int size = in.readInt();
        int dimensions = in.readInt();
        List<String> vocabulary = new ArrayList<>(size);
        for (int t = 0; t < size; t++) {
            vocabulary.add(in.readUTF());
        }
        float[] mean = new float[dimensions];
        for (int d = 0; d < dimensions; d++) {
            mean[d] = in.readFloat();
        }
        float[] weights = new float[size];
        float[] scales = new float[size];
        byte[] rows = new byte[size * dimensions];
        for (int t = 0; t < size; t++) {
            weights[t] = in.readFloat();
            scales[t] = in.readFloat();
            in.readFully(rows, t * dimensions, dimensions);
        }
        return new StaticEmbeddings(vocabulary, dimensions, weights, scales, rows, mean);
    }

    /**
     * Writes a table: per word piece its weight and the teacher's unit-length embedding of it alone, and the mean of
     * real texts' embeddings (made with those rows and weights) to remove.
     */
    public static void write(OutputStream raw, List<String> vocabulary, float[][] teacherRows, float[] weights,
                             float[] realTextMean) throws IOException {
        DataOutputStream out = new DataOutputStream(raw);
        int dimensions = realTextMean.length;
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.writeInt(teacherRows.length);
        out.writeInt(dimensions);
        for (String piece : vocabulary) {
            out.writeUTF(piece);
        }
        for (float v : realTextMean) {
            out.writeFloat(v);
        }
        for (int t = 0; t < teacherRows.length; t++) {
            float max = 0;
            for (float v : teacherRows[t]) {
                max = Math.max(max, Math.abs(v));
            }
            float scale = max == 0 ? 1 : max / 127f;
            out.writeFloat(weights[t]);
            out.writeFloat(scale);
            for (float v : teacherRows[t]) {
                out.writeByte(Math.round(v / scale));
            }
        }
        out.flush();
    }

    public int dimensions() {
        return dimensions;
    }

    public int vocabularySize() {
        return weights.length;
    }

    /** The teacher's embedding of word piece {@code id} alone, as stored (int8), for checks against the teacher. */
    public float[] row(int id) {
        float[] row = new float[dimensions];
        for (int d = 0; d < dimensions; d++) {
            row[d] = rows[id * dimensions + d] * scales[id];
        }
        return row;
    }

    public float weight(int id) {
        return weights[id];
    }

    /** The word-piece ids this table embeds {@code text} by (no [CLS]/[SEP]). */
    public long[] pieces(String text) {
        return tokenizer.ids(text, MAX_TOKENS);
    }

    /** One unit-length embedding per text (a text with no word pieces gets the zero vector). */
    public List<float[]> embed(List<String> texts) {
        List<float[]> embeddings = new ArrayList<>(texts.size());
        if (texts.isEmpty()) {
            return embeddings;
        }
        for (String text : texts) {
            embeddings.add(centred(sum(pieces(text))));
        }
        return embeddings;
    }

    public float[] embed(String text) {
        return embed(List.of(text)).get(0);
    }

    /** The weighted sum of the pieces' rows, unit length: before the mean of real text is removed. */
    public float[] sum(long[] ids) {
        float[] sum = new float[dimensions];
        for (long id : ids) {
            int t = (int) id;
            float factor = weights[t] * scales[t];
            int offset = t * dimensions;
            for (int d = 0; d < dimensions; d++) {
                sum[d] += factor * rows[offset + d];
            }
        }
        return Vectors.normalised(sum);
    }

    private float[] centred(float[] unit) {
        boolean empty = true;
        for (float v : unit) {
            empty &= v == 0;
        }
        if (empty) {
            return unit;
        }
        for (int d = 0; d < dimensions; d++) {
            unit[d] -= realTextMean[d];
        }
        return Vectors.normalised(unit);
    }
}
