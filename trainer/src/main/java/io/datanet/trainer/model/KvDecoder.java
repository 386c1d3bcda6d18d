package io.datanet.trainer.model;

/**
 * What every model's decoder keeps: keys and values per layer for each position fed so far, up to the context.
 * A model's decoder says how one token's row goes through its layers ({@link #step}).
 */
abstract class KvDecoder implements CausalLM.Decoder {
    final int capacity;
    /** [layer][position · width]. */
    final float[][] keys, values;
    /** Scratch for one query's attention weights over the cache. */
    final float[] scores;
    private final int vocabSize;
    private int length;

    KvDecoder(int layers, int capacity, int kvWidth, int vocabSize) {
        this.capacity = capacity;
        this.vocabSize = vocabSize;
        keys = new float[layers][capacity * kvWidth];
        values = new float[layers][capacity * kvWidth];
        scores = new float[capacity];
    }

    @Override
    public final float[] next(int token) {
        if (length == capacity) throw new IllegalStateException("the context of " + capacity + " tokens is full");
        if (token < 0 || token >= vocabSize) throw new IllegalArgumentException("token id out of range: " + token);
        float[] logits = step(token, length);
        length++;
        return logits;
    }

    /** The logits after {@code token} at {@code position}, its keys and values stored at that position. */
    abstract float[] step(int token, int position);

    @Override
    public int length() {
        return length;
    }

    @Override
    public int capacity() {
        return capacity;
    }
}
