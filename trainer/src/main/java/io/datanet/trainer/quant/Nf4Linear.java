package io.datanet.trainer.quant;

import io.datanet.trainer.nn.DenseLinear;
import io.datanet.trainer.nn.Linear;
import io.datanet.trainer.nn.Param;
import io.datanet.trainer.nn.Scratch;
import io.datanet.trainer.tensor.MatMul;

import java.util.List;

/**
 * Frozen projection whose weight is stored in NF4 and dequantised on the fly into a scratch buffer for each
 * forward (W) and backward (Wᵀ) product; only the input gradient flows through it. The bias stays float32.
 */
public final class Nf4Linear implements Linear {
    public final String name;
    public final Nf4.Tensor weight;
    public final Param bias;
    private final int in, out;

    public Nf4Linear(String name, Nf4.Tensor weight, Param bias) {
        this.name = name;
        this.weight = weight;
        this.bias = bias;
        this.in = weight.shape[0];
        this.out = weight.shape[1];
        if (bias != null) bias.setTrainable(false);
    }

    public static Nf4Linear quantize(String name, DenseLinear dense) {
        return new Nf4Linear(name, Nf4.quantize(dense.weight.data, dense.weight.shape), dense.bias);
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
        float[] w = Scratch.get(Scratch.WEIGHT, in * out);
        weight.dequantize(w);
        MatMul.nn(y, x, w, rows, in, out, false);
        if (bias != null) {
            for (int r = 0; r < rows; r++) for (int j = 0; j < out; j++) y[r * out + j] += bias.data[j];
        }
    }

    @Override
    public void backward(float[] dx, float[] dy, float[] x, int rows) {
        if (dx == null) return;
        float[] wt = Scratch.get(Scratch.WEIGHT, in * out);
        weight.dequantizeTransposed(wt);
        MatMul.nn(dx, dy, wt, rows, out, in, true);
    }

    /** The dequantised weight as a dense float32 projection (for merged export). */
    public DenseLinear toDense() {
        return new DenseLinear(new Param(name + ".weight", weight.shape, weight.dequantize(), false), bias);
    }

    @Override
    public List<Param> parameters() {
        return bias == null ? List.of() : List.of(bias);
    }

    @Override
    public long baseBytes() {
        return weight.bytes() + (bias == null ? 0 : 4L * bias.size());
    }
}
