package io.datanet.trainer.nn;

import io.datanet.trainer.tensor.MatMul;

import java.util.Arrays;

/** A named parameter tensor (row-major float32) with an optional gradient buffer. */
public final class Param {
    public final String name;
    public final int[] shape;
    public final float[] data;
    private float[] grad;
    private boolean trainable;
    private float[] transposed;

    public Param(String name, int[] shape, float[] data, boolean trainable) {
        this.name = name;
        this.shape = shape.clone();
        if (data.length != numel(shape)) {
            throw new IllegalArgumentException(name + ": " + data.length + " values for shape " + Arrays.toString(shape));
        }
        this.data = data;
        setTrainable(trainable);
    }

    public Param(String name, int... shape) {
        this(name, shape, new float[numel(shape)], true);
    }

    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        return (int) n;
    }

    public int size() {
        return data.length;
    }

    public boolean trainable() {
        return trainable;
    }

    /** Frozen parameters drop their gradient buffer; the backward pass skips their gradients. */
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
        if (trainable && grad == null) grad = new float[data.length];
        if (!trainable) grad = null;
        transposed = null;
    }

    /**
     * This 2-D parameter [rows, cols] transposed. A frozen parameter's transpose is made once and kept: the
     * backward pass of every frozen projection (dy·Wᵀ) and the tied head's forward (x·wteᵀ) need it each step,
     * and transposing GPT-2 small's 124M frozen weights every step took a tenth of the step. The price is a second
     * copy of the frozen matrices (see the trainer's README); a frozen parameter's values must not change. A
     * trainable parameter is transposed into the per-thread {@code slot} of {@link Scratch} each call.
     */
    public float[] transposed(int slot) {
        if (shape.length != 2) throw new IllegalStateException(name + " is not a matrix");
        if (trainable) {
            float[] t = Scratch.get(slot, data.length);
            MatMul.transpose(data, t, shape[0], shape[1]);
            return t;
        }
        if (transposed == null) {
            float[] t = new float[data.length];
            MatMul.transpose(data, t, shape[0], shape[1]);
            transposed = t;
        }
        return transposed;
    }

    /** Gradient buffer, or null when frozen. */
    public float[] grad() {
        return grad;
    }

    public void zeroGrad() {
        if (grad != null) Arrays.fill(grad, 0f);
    }
}
