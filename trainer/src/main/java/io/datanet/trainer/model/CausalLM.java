package io.datanet.trainer.model;

import io.datanet.trainer.io.DType;
import io.datanet.trainer.nn.DenseLinear;
import io.datanet.trainer.nn.Linear;
import io.datanet.trainer.nn.Param;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A decoder-only language model the trainer fine-tunes: {@link GPT2} or {@link Llama}. What LoRA and QLoRA need of
 * it is its projections by name, each swappable for a quantised or adapted one; what training needs is the
 * summed next-token loss and its gradient. An instance is single-threaded (it parallelises internally).
 */
public interface CausalLM {

    int vocabSize();

    /** The longest sequence the model takes. */
    int maxPositions();

    /**
     * Runs the model on tokens [B, T]; targets [B, T] may be null (no loss), entries &lt; 0 are ignored. Returns
     * the summed cross-entropy over the valid targets (0 without targets).
     */
    double forward(int[] tokens, int[] targets, int B, int T);

    /** Accumulates lossScale · ∂(summed loss of the last forward)/∂θ into the trainable parameters' gradients. */
    void backward(float lossScale);

    /** Logits [B·T, vocab] of tokens [B, T] (a copy). */
    float[] logits(int[] tokens, int B, int T);

    /** Every parameter reachable from the model, in a fixed order, adapters included. */
    List<Param> parameters();

    default void zeroGrad() {
        for (Param p : parameters()) p.zeroGrad();
    }

    /** Freezes every parameter (LoRA and QLoRA train only the adapters they add afterwards). */
    default void freezeAll() {
        for (Param p : parameters()) p.setTrainable(false);
    }

    /** Bytes the frozen base weights take as stored (float32, or NF4 where quantised). */
    long baseWeightBytes();

    /**
     * The projections LoRA may adapt and QLoRA quantises, in a fixed order, by module name: the name that PEFT's
     * target_modules match by suffix ({@code h.0.attn.c_attn}, {@code model.layers.0.self_attn.q_proj}).
     */
    List<String> projectionNames();

    Linear projection(String name);

    void setProjection(String name, Linear projection);

    /** The module's path in the transformers model PEFT wraps (PEFT writes {@code base_model.model.<path>}). */
    String transformersPath(String projectionName);

    /** Whether the checkpoint stores projection weights [in, out] (GPT-2's Conv1D: PEFT's fan_in_fan_out). */
    boolean fanInFanOut();

    /**
     * A new model of the same architecture with copies of every parameter, each projection replaced by
     * {@code dense.apply(name)}: how an adapter is merged into, or a quantised base written out as float32.
     */
    CausalLM withDenseProjections(Function<String, DenseLinear> dense);

    /**
     * Inference one token at a time over cached keys and values, for generation; null where the model has none
     * (generation then runs the whole context for every token).
     */
    default Decoder decoder() {
        return null;
    }

    /** Feeds tokens one by one; each call gives the logits of the next token after all fed so far. */
    interface Decoder {
        /** The logits [vocab] after {@code token} (the model's buffer: read it before the next call). */
        float[] next(int token);

        /** Tokens fed so far; at most {@link #capacity()}. */
        int length();

        int capacity();
    }

    /** Writes the model as a Hugging Face checkpoint folder (config.json and model.safetensors); dense only. */
    void save(Path dir, DType dtype, Map<String, String> metadata) throws IOException;
}
