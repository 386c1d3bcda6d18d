package io.datanet.trainer.nn;

import java.util.Arrays;

/** A named parameter tensor (row-major float32) with an optional gradient buffer. */
public final class Param {
    public final String name;
    public final int[] shape;
    public final float[] data;
    private float[] grad;
    private boolean trainable;

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
    }

    /** Gradient buffer, or null when frozen. */
    public float[] grad() {
        return grad;
    }

    public void zeroGrad() {
        if (grad != null) Arrays.fill(grad, 0f);
    }
}
