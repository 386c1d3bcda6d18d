package io.datanet.trainer.model;

import io.datanet.trainer.lora.Adapter;
import io.datanet.trainer.lora.LoraConfig;
import io.datanet.trainer.nn.Float64Reference.Worst;
import io.datanet.trainer.nn.Param;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.datanet.trainer.nn.Float64Reference.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole model's float32 backward against float64 numeric gradients of the mean cross-entropy, computed by
 * {@link Gpt2Float64Reference} from the model's own weights, for every coordinate of every trainable tensor: the
 * adapters of a LoRA model (dropout on, its masks reproduced), of a QLoRA model, and every parameter of a dense
 * model with a small vocabulary. Also the float32 loss against the float64 one.
 *
 * <p>Tolerances. The float32 loss is a chain of the ops checked one by one in OpsFloat64GradientTest, each good to
 * about 1e-6, so 1e-5 relative holds it. A gradient here has gone back through every layer above it, each adding
 * its float32 rounding to a chain of a few dozen ops rather than one, and is compared relative to its own size
 * (floor 0.1 of the tensor's RMS, as for the ops): observed worst 1e-5 .. 3e-5, held by 1e-3 with a margin of 30,
 * while a wrong backward formula anywhere on the path is off by 0.1 or more (a GELU derivative with its cubic
 * term wrong or missing: 0.13 .. 0.4; a LayerNorm or attention formula with a term dropped: O(1); the first
 * block's input gradient skipped under LoRA: 1.5).
 */
class GPT2Float64GradientTest {
    static final double FLOOR = 0.1;
    static final double LOSS_TOLERANCE = 1e-5;
    static final double GRADIENT_TOLERANCE = 1e-3;
    static final int B = 2, T = 8;

    private final Random rnd = new Random(7);

    /**
     * randomInit's N(0, 0.02) weights make every attention row nearly uniform and every LayerNorm an identity,
     * where a wrong gradient through the scores or the norm's scale would hide under the floor: these weights are
     * O(1) in their effect, LayerNorm scales and biases random too.
     */
    private GPT2 model(GPT2Config config) {
        GPT2 model = GPT2.randomInit(config, 11);
        for (Param p : model.parameters()) {
            boolean layerNormScale = p.name.endsWith("ln_1.weight") || p.name.endsWith("ln_2.weight")
                    || p.name.equals("ln_f.weight");
            double mean = layerNormScale ? 1 : 0;
            double std = p.name.endsWith(".bias") ? 0.1
                    : layerNormScale ? 0.2 : p.name.equals("wte.weight") ? 0.5 : 0.3;
            for (int i = 0; i < p.size(); i++) p.data[i] = (float) (mean + rnd.nextGaussian() * std);
        }
        return model;
    }

    /** Random tokens and next-token targets, two of them ignored (−1). */
    private int[][] batch(int V) {
        int[] tokens = new int[B * T], targets = new int[B * T];
        for (int i = 0; i < B * T; i++) {
            tokens[i] = rnd.nextInt(V);
            targets[i] = rnd.nextInt(V);
        }
        targets[3] = -1;
        targets[B * T - 1] = -1;
        return new int[][]{tokens, targets};
    }

    /**
     * Runs the float32 forward and backward of the mean loss, checks the loss against the reference's, then every
     * coordinate of every tensor in params against the reference's numeric gradient. Returns the worst gradient
     * error.
     */
    private static Worst check(String name, GPT2 model, Gpt2Float64Reference reference, List<Param> params,
                               int[] tokens, int[] targets) {
        int valid = 0;
        for (int t : targets) if (t >= 0) valid++;
        model.zeroGrad();
        double loss32 = model.forward(tokens, targets, B, T) / valid;
        model.backward(1f / valid);
        double loss64 = reference.meanLoss(tokens, targets, B, T);
        assertEquals(loss64, loss32, LOSS_TOLERANCE * loss64, name + " loss");
        Worst worst = Worst.NONE;
        int coordinates = 0;
        for (Param p : params) {
            double[] numeric = numericGradient(reference.tensor(p.name),
                    () -> reference.meanLoss(tokens, targets, B, T));
            worst = worst.max(assertClose(name + " ∂loss/∂" + p.name, p.grad(), numeric, FLOOR, GRADIENT_TOLERANCE));
            coordinates += p.size();
        }
        System.out.printf("float64 check %s: loss %.9f (float64 %.9f, relative error %.1e); worst of %d gradient "
                + "coordinates: %s%n", name, loss32, loss64, Math.abs(loss32 - loss64) / loss64, coordinates, worst);
        return worst;
    }

    /** LoRA on every projection, dropout 0.1 in training mode: the reference draws the same masks. */
    @Test
    void loraAdaptersWithDropout() {
        GPT2 model = model(GPT2Config.byteLevel(2, 2, 8, T));
        LoraConfig lora = new LoraConfig(2, 4f, 0.1f, List.of("c_attn", "c_proj", "c_fc"));
        Adapter adapter = Adapter.attach(model, lora, false, 5);
        randomizeAdapters(adapter);
        long dropoutKey = 99;
        adapter.setTraining(true, dropoutKey);
        int[][] batch = batch(model.config.vocabSize());
        check("gpt2 + lora (dropout 0.1)", model, new Gpt2Float64Reference(model, lora, dropoutKey), adapter.params(),
                batch[0], batch[1]);
    }

    /** QLoRA: NF4 bases (the reference reads them dequantised), adapters in evaluation mode. */
    @Test
    void qloraAdapters() {
        GPT2 model = model(GPT2Config.byteLevel(2, 2, 8, T));
        LoraConfig lora = new LoraConfig(2, 4f, 0.1f, List.of("c_attn", "c_proj", "c_fc"));
        Adapter adapter = Adapter.attach(model, lora, true, 6);
        randomizeAdapters(adapter);
        adapter.setTraining(false, 0);
        int[][] batch = batch(model.config.vocabSize());
        check("gpt2 + qlora", model, new Gpt2Float64Reference(model, lora, null), adapter.params(), batch[0], batch[1]);
    }

    /** No adapters, everything trainable: embeddings (tied with the head), LayerNorms, projections and biases. */
    @Test
    void denseModelEveryParameter() {
        GPT2 model = model(new GPT2Config(2, 2, 8, T, 11, 1e-5f, 10, "byte"));
        int[][] batch = batch(model.config.vocabSize());
        check("gpt2 dense, all parameters", model, new Gpt2Float64Reference(model, null, null),
                model.trainableParams(), batch[0], batch[1]);
    }

    /** B = 0 at attachment would make every A gradient 0: random A and B so both are really checked. */
    private void randomizeAdapters(Adapter adapter) {
        for (Param p : adapter.params()) {
            for (int i = 0; i < p.size(); i++) p.data[i] = (float) (rnd.nextGaussian() * 0.3);
        }
    }
}
