package io.datanet.trainer.nn;

import java.util.List;

/**
 * A projection out[rows, out] = inp[rows, in] · W + b in the Hugging Face GPT-2 Conv1D layout (W is [in, out]).
 * Implementations: {@link DenseLinear} (float32), {@code Nf4Linear} (4-bit, frozen) and {@code LoraLinear}
 * (frozen base + trainable adapter).
 */
public interface Linear {
    int inFeatures();

    int outFeatures();

    void forward(float[] out, float[] inp, int rows);

    /**
     * Backward pass for the most recent forward on these inputs: dinp += dout · Wᵀ (skipped when dinp is null)
     * and trainable parameter gradients +=.
     */
    void backward(float[] dinp, float[] dout, float[] inp, int rows);

    /** All parameters (trainable or not), for export and counting. */
    List<Param> parameters();

    /** Bytes used to store the frozen base weight and bias of this projection. */
    long baseBytes();
}
