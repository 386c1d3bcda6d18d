package io.datanet.trainer.nn;

import io.datanet.trainer.tensor.MatMul;

import java.util.ArrayList;
import java.util.List;

/** Float32 projection; weight [in, out] (Conv1D layout), optional bias [out]. */
public final class DenseLinear implements Linear {
    public final Param weight;
    public final Param bias;
    private final int in, out;

    public DenseLinear(Param weight, Param bias) {
        if (weight.shape.length != 2) throw new IllegalArgumentException(weight.name + " must be 2-D");
        this.weight = weight;
        this.bias = bias;
        this.in = weight.shape[0];
        this.out = weight.shape[1];
        if (bias != null && bias.size() != out) throw new IllegalArgumentException(bias.name + " size mismatch");
    }

    @Override
    public int inFeatures() {
        return in;
    }

    @Override
    public int outFeatures() {
        return out;
    }

    @Override
    public void forward(float[] y, float[] x, int rows) {
        MatMul.nn(y, x, weight.data, rows, in, out, false);
        if (bias != null) addBias(y, bias.data, rows, out);
    }

    @Override
    public void backward(float[] dx, float[] dy, float[] x, int rows) {
        if (dx != null) {
            MatMul.nn(dx, dy, weight.transposed(Scratch.WEIGHT), rows, out, in, true);
        }
        if (weight.trainable()) MatMul.tn(weight.grad(), x, dy, rows, in, out, true);
        if (bias != null && bias.trainable()) MatMul.addColumnSums(bias.grad(), dy, rows, out);
    }

    static void addBias(float[] y, float[] b, int rows, int n) {
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            for (int j = 0; j < n; j++) y[o + j] += b[j];
        }
    }

    @Override
    public List<Param> parameters() {
        List<Param> ps = new ArrayList<>(2);
        ps.add(weight);
        if (bias != null) ps.add(bias);
        return ps;
    }

    @Override
    public long baseBytes() {
        return 4L * (weight.size() + (bias == null ? 0 : bias.size()));
    }
}
