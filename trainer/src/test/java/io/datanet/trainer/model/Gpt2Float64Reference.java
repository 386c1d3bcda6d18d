package io.datanet.trainer.model;

import io.datanet.trainer.lora.LoraConfig;
import io.datanet.trainer.lora.LoraLinear;
import io.datanet.trainer.nn.DenseLinear;
import io.datanet.trainer.nn.Linear;
import io.datanet.trainer.nn.Param;
import io.datanet.trainer.quant.Nf4Linear;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.datanet.trainer.nn.Float64Reference.*;

/**
 * A float64 copy of a GPT-2's weights (LoRA adapters and NF4 bases included) and the whole forward pass written
 * from the ops' float64 references: embeddings, pre-LayerNorm blocks, ln_f, the tied head and the mean
 * cross-entropy. Its tensors are reachable by parameter name so a numeric gradient can perturb them in place.
 */
final class Gpt2Float64Reference {
    /** One projection: y = x·W + bias, plus s·((x ⊙ mask)·A)·B when adapted (a and b non-null). */
    private record Projection(String module, double[] w, double[] bias, double[] a, double[] b, int rank,
                              double scaling, int in, int out) {
    }

    private record BlockWeights(double[] ln1W, double[] ln1B, Projection cAttn, Projection attnProj, double[] ln2W,
                                double[] ln2B, Projection cFc, Projection mlpProj) {
    }

    private final GPT2Config config;
    private final double[] wte, wpe, lnfW, lnfB;
    private final BlockWeights[] blocks;
    private final Map<String, double[]> byName = new LinkedHashMap<>();
    private final float dropout;
    private final Long dropoutKey;

    /**
     * Copies model's weights. lora (null without adapters) gives the adapters' scaling and dropout; dropoutKey is the
     * key the adapters were put in training mode with, or null when they are evaluating (no dropout).
     */
    Gpt2Float64Reference(GPT2 model, LoraConfig lora, Long dropoutKey) {
        this.config = model.config;
        this.dropout = lora == null ? 0f : lora.dropout();
        this.dropoutKey = dropoutKey;
        wte = copy(model.wte);
        wpe = copy(model.wpe);
        lnfW = copy(model.lnfW);
        lnfB = copy(model.lnfB);
        blocks = new BlockWeights[model.blocks.length];
        for (int l = 0; l < blocks.length; l++) {
            Block b = model.blocks[l];
            String p = "h." + l + ".";
            blocks[l] = new BlockWeights(copy(b.ln1W), copy(b.ln1B),
                    projection(p + "attn.c_attn", b.cAttn, lora), projection(p + "attn.c_proj", b.attnProj, lora),
                    copy(b.ln2W), copy(b.ln2B),
                    projection(p + "mlp.c_fc", b.cFc, lora), projection(p + "mlp.c_proj", b.mlpProj, lora));
        }
    }

    private double[] copy(Param p) {
        double[] d = toDouble(p.data);
        byName.put(p.name, d);
        return d;
    }

    private Projection projection(String module, Linear linear, LoraConfig lora) {
        double[] a = null, b = null;
        if (linear instanceof LoraLinear adapted) {
            a = copy(adapted.a);
            b = copy(adapted.b);
            linear = adapted.base;
        }
        double[] w, bias;
        if (linear instanceof DenseLinear dense) {
            w = copy(dense.weight);
            bias = copy(dense.bias);
        } else if (linear instanceof Nf4Linear nf4) {
            w = toDouble(nf4.weight.dequantize()); // QLoRA's base is the dequantised NF4 weight
            bias = copy(nf4.bias);
        } else {
            throw new IllegalArgumentException(module + ": " + linear.getClass());
        }
        int rank = lora == null ? 0 : lora.r();
        double scaling = lora == null ? 0 : (double) lora.alpha() / lora.r();
        return new Projection(module, w, bias, a, b, rank, scaling, linear.inFeatures(), linear.outFeatures());
    }

    /** The float64 tensor the forward reads for the parameter of that name (perturb it in place). */
    double[] tensor(String paramName) {
        double[] d = byName.get(paramName);
        if (d == null) throw new IllegalArgumentException("no tensor " + paramName);
        return d;
    }

    /** Mean cross-entropy of the next-token predictions over targets ≥ 0. */
    double meanLoss(int[] tokens, int[] targets, int B, int T) {
        int rows = B * T, C = config.nEmbd(), NH = config.nHead(), V = config.vocabSize();
        double eps = config.layerNormEpsilon();
        double[] x = embed(tokens, wte, wpe, B, T, C);
        for (BlockWeights b : blocks) {
            double[] qkv = project(b.cAttn, layerNorm(x, b.ln1W, b.ln1B, rows, C, eps), rows);
            x = add(x, project(b.attnProj, causalSelfAttention(qkv, B, T, C, NH), rows));
            double[] hidden = gelu(project(b.cFc, layerNorm(x, b.ln2W, b.ln2B, rows, C, eps), rows));
            x = add(x, project(b.mlpProj, hidden, rows));
        }
        double[] h = layerNorm(x, lnfW, lnfB, rows, C, eps);
        // tied head: logits[r, v] = h[r, :] · wte[v, :]
        double[] logits = new double[rows * V];
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < V; v++) {
                double s = 0;
                for (int c = 0; c < C; c++) s += h[r * C + c] * wte[v * C + c];
                logits[r * V + v] = s;
            }
        }
        return meanCrossEntropy(logits, targets, rows, V);
    }

    private double[] project(Projection p, double[] x, int rows) {
        if (p.a == null) return linear(x, p.w, p.bias, rows, p.in, p.out);
        double[] mask = dropoutKey != null && dropout > 0
                ? loraDropoutMask(dropoutKey, p.module, dropout, rows * p.in) : null;
        return lora(x, p.w, p.bias, p.a, p.b, p.rank, p.scaling, mask, rows, p.in, p.out);
    }
}
