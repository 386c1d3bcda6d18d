package io.datanet.trainer.model;

import io.datanet.trainer.nn.Attention;
import io.datanet.trainer.nn.CachedAttention;
import io.datanet.trainer.nn.CrossEntropy;
import io.datanet.trainer.nn.DenseLinear;
import io.datanet.trainer.nn.Encoder;
import io.datanet.trainer.nn.Gelu;
import io.datanet.trainer.nn.LayerNorm;
import io.datanet.trainer.nn.Linear;
import io.datanet.trainer.nn.Param;
import io.datanet.trainer.nn.Residual;
import io.datanet.trainer.nn.Scratch;
import io.datanet.trainer.tensor.MatMul;
import io.datanet.trainer.tensor.Rng;

import io.datanet.trainer.io.DType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GPT-2 decoder (pre-LayerNorm blocks, causal multi-head attention, GELU MLP, tied output head), llm.c style:
 * explicit forward and backward over preallocated activation buffers.
 *
 * <p>Usage: {@code forward(tokens, targets, B, T)} returns the summed loss over targets ≥ 0; then
 * {@code backward(scale)} accumulates scale·∂(summed loss)/∂θ into trainable parameters' grad buffers.
 * An instance is single-threaded (it parallelises internally); do not share one between concurrent callers.
 */
public final class GPT2 implements CausalLM {
    public final GPT2Config config;
    public final Param wte, wpe, lnfW, lnfB;
    public final Block[] blocks;
    private Activations acts;

    private GPT2(GPT2Config config, Param wte, Param wpe, Block[] blocks, Param lnfW, Param lnfB) {
        this.config = config;
        this.wte = wte;
        this.wpe = wpe;
        this.blocks = blocks;
        this.lnfW = lnfW;
        this.lnfB = lnfB;
    }

    // ------------------------------------------------------------------ construction (files: HuggingFaceCheckpoint)

    /** GPT-2 initialisation: N(0, 0.02), residual projections N(0, 0.02/√(2·n_layer)), LayerNorm 1/0. */
    public static GPT2 randomInit(GPT2Config c, long seed) {
        Rng rng = new Rng(seed);
        int C = c.nEmbd();
        Map<String, float[]> w = new LinkedHashMap<>();
        w.put("wte.weight", normal(rng, c.vocabSize() * C, 0.02));
        w.put("wpe.weight", normal(rng, c.nPositions() * C, 0.01));
        double projStd = 0.02 / Math.sqrt(2.0 * c.nLayer());
        for (int l = 0; l < c.nLayer(); l++) {
            String p = "h." + l + ".";
            w.put(p + "ln_1.weight", ones(C));
            w.put(p + "ln_1.bias", new float[C]);
            w.put(p + "attn.c_attn.weight", normal(rng, C * 3 * C, 0.02));
            w.put(p + "attn.c_attn.bias", new float[3 * C]);
            w.put(p + "attn.c_proj.weight", normal(rng, C * C, projStd));
            w.put(p + "attn.c_proj.bias", new float[C]);
            w.put(p + "ln_2.weight", ones(C));
            w.put(p + "ln_2.bias", new float[C]);
            w.put(p + "mlp.c_fc.weight", normal(rng, C * 4 * C, 0.02));
            w.put(p + "mlp.c_fc.bias", new float[4 * C]);
            w.put(p + "mlp.c_proj.weight", normal(rng, 4 * C * C, projStd));
            w.put(p + "mlp.c_proj.bias", new float[C]);
        }
        w.put("ln_f.weight", ones(C));
        w.put("ln_f.bias", new float[C]);
        return fromTensors(c, w);
    }

    private static float[] normal(Rng rng, int n, double std) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rng.nextGaussian() * std);
        return a;
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 1f);
        return a;
    }

    /** Builds a model from Hugging Face tensor names (an optional "transformer." prefix is stripped). */
    public static GPT2 fromTensors(GPT2Config c, Map<String, float[]> tensors) {
        Map<String, float[]> t = new LinkedHashMap<>();
        tensors.forEach((k, v) -> t.put(k.startsWith("transformer.") ? k.substring("transformer.".length()) : k, v));
        int C = c.nEmbd();
        Param wte = param(t, "wte.weight", c.vocabSize(), C);
        Param wpe = param(t, "wpe.weight", c.nPositions(), C);
        Block[] blocks = new Block[c.nLayer()];
        for (int l = 0; l < c.nLayer(); l++) {
            String p = "h." + l + ".";
            blocks[l] = new Block(param(t, p + "ln_1.weight", C), param(t, p + "ln_1.bias", C),
                    dense(t, p + "attn.c_attn", C, 3 * C), dense(t, p + "attn.c_proj", C, C),
                    param(t, p + "ln_2.weight", C), param(t, p + "ln_2.bias", C),
                    dense(t, p + "mlp.c_fc", C, 4 * C), dense(t, p + "mlp.c_proj", 4 * C, C));
        }
        return new GPT2(c, wte, wpe, blocks, param(t, "ln_f.weight", C), param(t, "ln_f.bias", C));
    }

    private static Param param(Map<String, float[]> t, String name, int... shape) {
        float[] d = t.get(name);
        if (d == null) throw new IllegalArgumentException("missing tensor " + name);
        return new Param(name, shape, d, true);
    }

    private static DenseLinear dense(Map<String, float[]> t, String name, int in, int out) {
        return new DenseLinear(param(t, name + ".weight", in, out), param(t, name + ".bias", out));
    }

    /** Embeddings, LayerNorms and every dense projection's weight and bias. */
    public List<Param> baseParams() {
        List<Param> ps = new ArrayList<>(List.of(wte, wpe));
        for (Block b : blocks) {
            ps.add(b.ln1W);
            ps.add(b.ln1B);
            ps.add(b.ln2W);
            ps.add(b.ln2B);
            for (String m : Block.MODULES) {
                if (!(b.get(m) instanceof DenseLinear d)) {
                    throw new IllegalStateException("module " + m + " is not dense; merge adapters first");
                }
                ps.addAll(d.parameters());
            }
        }
        ps.add(lnfW);
        ps.add(lnfB);
        return ps;
    }

    /** Every parameter reachable from the model, in a fixed order. */
    @Override
    public List<Param> parameters() {
        List<Param> ps = new ArrayList<>(List.of(wte, wpe));
        for (Block b : blocks) {
            ps.addAll(List.of(b.ln1W, b.ln1B, b.ln2W, b.ln2B));
            for (String m : Block.MODULES) ps.addAll(b.get(m).parameters());
        }
        ps.addAll(List.of(lnfW, lnfB));
        return ps;
    }

    public List<Param> trainableParams() {
        List<Param> ps = new ArrayList<>();
        for (Param p : parameters()) if (p.trainable()) ps.add(p);
        return ps;
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public int maxPositions() {
        return config.nPositions();
    }

    // ------------------------------------------------------------------ projections (LoRA, QLoRA)

    private ProjectionNames names() {
        return new ProjectionNames("h.", blocks.length, List.of(Block.MODULES));
    }

    @Override
    public List<String> projectionNames() {
        return names().all();
    }

    @Override
    public Linear projection(String name) {
        return blocks[names().layer(name)].get(names().module(name));
    }

    @Override
    public void setProjection(String name, Linear projection) {
        blocks[names().layer(name)].set(names().module(name), projection);
    }

    @Override
    public String transformersPath(String projectionName) {
        return "transformer." + projectionName;
    }

    @Override
    public boolean fanInFanOut() {
        return true;
    }

    @Override
    public GPT2 withDenseProjections(Function<String, DenseLinear> dense) {
        Map<String, float[]> t = new LinkedHashMap<>();
        t.put("wte.weight", wte.data.clone());
        t.put("wpe.weight", wpe.data.clone());
        for (int l = 0; l < blocks.length; l++) {
            Block b = blocks[l];
            String p = "h." + l + ".";
            t.put(p + "ln_1.weight", b.ln1W.data.clone());
            t.put(p + "ln_1.bias", b.ln1B.data.clone());
            t.put(p + "ln_2.weight", b.ln2W.data.clone());
            t.put(p + "ln_2.bias", b.ln2B.data.clone());
            for (String m : Block.MODULES) {
                DenseLinear d = dense.apply(p + m);
                t.put(p + m + ".weight", d.weight.data.clone());
                t.put(p + m + ".bias", d.bias.data.clone());
            }
        }
        t.put("ln_f.weight", lnfW.data.clone());
        t.put("ln_f.bias", lnfB.data.clone());
        return fromTensors(config, t);
    }

    @Override
    public void save(Path dir, DType dtype, Map<String, String> metadata) throws IOException {
        HuggingFaceCheckpoint.save(this, dir, dtype, metadata);
    }

    // ------------------------------------------------------------------ forward / backward

    /** Activation buffers for one (B, T); reallocated only when the shape changes. */
    private static final class Activations {
        final int B, T;
        final int[] tokens, targets;
        final float[] encoded;
        final float[][] ln1, ln1Mean, ln1Rstd, qkv, att, atty, attProj, res2, ln2, ln2Mean, ln2Rstd, fch, fchGelu,
                fcProj, res3;
        final float[] lnf, lnfMean, lnfRstd, logits, probs, losses;
        // backward temporaries, reused across layers
        final float[] dres, dln, dqkv, datty, dfch, dfchGelu, dlnf;

        Activations(GPT2Config c, int B, int T) {
            this.B = B;
            this.T = T;
            int BT = B * T, C = c.nEmbd(), L = c.nLayer(), NH = c.nHead(), V = c.vocabSize();
            tokens = new int[BT];
            targets = new int[BT];
            encoded = new float[BT * C];
            ln1 = new float[L][BT * C];
            ln1Mean = new float[L][BT];
            ln1Rstd = new float[L][BT];
            qkv = new float[L][BT * 3 * C];
            att = new float[L][B * NH * T * T];
            atty = new float[L][BT * C];
            attProj = new float[L][BT * C];
            res2 = new float[L][BT * C];
            ln2 = new float[L][BT * C];
            ln2Mean = new float[L][BT];
            ln2Rstd = new float[L][BT];
            fch = new float[L][BT * 4 * C];
            fchGelu = new float[L][BT * 4 * C];
            fcProj = new float[L][BT * C];
            res3 = new float[L][BT * C];
            lnf = new float[BT * C];
            lnfMean = new float[BT];
            lnfRstd = new float[BT];
            logits = new float[BT * V];
            probs = new float[BT * V];
            losses = new float[BT];
            dres = new float[BT * C];
            dln = new float[BT * C];
            dqkv = new float[BT * 3 * C];
            datty = new float[BT * C];
            dfch = new float[BT * 4 * C];
            dfchGelu = new float[BT * 4 * C];
            dlnf = new float[BT * C];
        }
    }

    /**
     * Runs the model on tokens [B,T]; targets [B,T] may be null (no loss) and entries &lt; 0 are ignored.
     * Returns the summed cross-entropy over valid targets (0 when targets is null).
     */
    @Override
    public double forward(int[] tokens, int[] targets, int B, int T) {
        GPT2Config c = config;
        if (T > c.nPositions()) throw new IllegalArgumentException("sequence length " + T + " > n_positions");
        if (acts == null || acts.B != B || acts.T != T) acts = new Activations(c, B, T);
        Activations a = acts;
        int BT = B * T, C = c.nEmbd(), NH = c.nHead(), V = c.vocabSize();
        for (int i = 0; i < BT; i++) {
            if (tokens[i] < 0 || tokens[i] >= V) throw new IllegalArgumentException("token id out of range: " + tokens[i]);
        }
        System.arraycopy(tokens, 0, a.tokens, 0, BT);
        if (targets != null) System.arraycopy(targets, 0, a.targets, 0, BT);
        else Arrays.fill(a.targets, -1);

        Encoder.forward(a.encoded, a.tokens, wte.data, wpe.data, B, T, C);
        float[] residual = a.encoded;
        for (int l = 0; l < blocks.length; l++) {
            Block b = blocks[l];
            LayerNorm.forward(a.ln1[l], a.ln1Mean[l], a.ln1Rstd[l], residual, b.ln1W.data, b.ln1B.data, BT, C,
                    c.layerNormEpsilon());
            b.cAttn.forward(a.qkv[l], a.ln1[l], BT);
            Attention.forward(a.atty[l], a.att[l], a.qkv[l], B, T, C, NH);
            b.attnProj.forward(a.attProj[l], a.atty[l], BT);
            Residual.forward(a.res2[l], residual, a.attProj[l], BT * C);
            LayerNorm.forward(a.ln2[l], a.ln2Mean[l], a.ln2Rstd[l], a.res2[l], b.ln2W.data, b.ln2B.data, BT, C,
                    c.layerNormEpsilon());
            b.cFc.forward(a.fch[l], a.ln2[l], BT);
            Gelu.forward(a.fchGelu[l], a.fch[l], BT * 4 * C);
            b.mlpProj.forward(a.fcProj[l], a.fchGelu[l], BT);
            Residual.forward(a.res3[l], a.res2[l], a.fcProj[l], BT * C);
            residual = a.res3[l];
        }
        LayerNorm.forward(a.lnf, a.lnfMean, a.lnfRstd, residual, lnfW.data, lnfB.data, BT, C, c.layerNormEpsilon());
        // tied head: logits = lnf · wteᵀ
        MatMul.nn(a.logits, a.lnf, wte.transposed(Scratch.WEIGHT), BT, C, V, false);
        return CrossEntropy.forward(a.probs, a.losses, a.logits, a.targets, BT, V);
    }

    /** A decoder over cached keys and values for the model's whole context (see {@link CausalLM#decoder()}). */
    @Override
    public CausalLM.Decoder decoder() {
        return new RowDecoder(config.nPositions());
    }

    /**
     * One token at a time: its row through every block, keys and values kept per layer, attention of its one query
     * over the cached positions ({@link CachedAttention}), with the ops of {@link #forward}, so its logits equal the
     * full forward's at its position up to float rounding (DecoderTest).
     */
    private final class RowDecoder extends KvDecoder {
        private final float[] x, normed, mean = new float[1], rstd = new float[1], qkv, q, attended, proj, mid, fc,
                act, out, logits;

        RowDecoder(int capacity) {
            super(blocks.length, capacity, config.nEmbd(), config.vocabSize());
            int C = config.nEmbd();
            x = new float[C];
            normed = new float[C];
            qkv = new float[3 * C];
            q = new float[C];
            attended = new float[C];
            proj = new float[C];
            mid = new float[C];
            fc = new float[4 * C];
            act = new float[4 * C];
            out = new float[C];
            logits = new float[config.vocabSize()];
        }

        @Override
        float[] step(int token, int p) {
            GPT2Config c = config;
            int C = c.nEmbd();
            for (int i = 0; i < C; i++) x[i] = wte.data[token * C + i] + wpe.data[p * C + i];
            for (int l = 0; l < blocks.length; l++) {
                Block b = blocks[l];
                LayerNorm.forward(normed, mean, rstd, x, b.ln1W.data, b.ln1B.data, 1, C, c.layerNormEpsilon());
                b.cAttn.forward(qkv, normed, 1);
                System.arraycopy(qkv, 0, q, 0, C);
                System.arraycopy(qkv, C, keys[l], p * C, C);
                System.arraycopy(qkv, 2 * C, values[l], p * C, C);
                CachedAttention.attend(attended, q, keys[l], values[l], p + 1, c.nHead(), 1, c.headSize(), scores);
                b.attnProj.forward(proj, attended, 1);
                Residual.forward(mid, x, proj, C);
                LayerNorm.forward(normed, mean, rstd, mid, b.ln2W.data, b.ln2B.data, 1, C, c.layerNormEpsilon());
                b.cFc.forward(fc, normed, 1);
                Gelu.forward(act, fc, 4 * C);
                b.mlpProj.forward(out, act, 1);
                Residual.forward(x, mid, out, C);
            }
            LayerNorm.forward(normed, mean, rstd, x, lnfW.data, lnfB.data, 1, C, c.layerNormEpsilon());
            MatMul.nn(logits, normed, wte.transposed(Scratch.WEIGHT), 1, C, c.vocabSize(), false);
            return logits;
        }
    }

    /** Per-position losses of the last forward (0 where the target was ignored). */
    public float[] lastLosses() {
        return acts.losses;
    }

    /** Logits [B·T, V] of the last forward. */
    public float[] lastLogits() {
        return acts.logits;
    }

    /** Accumulates lossScale · ∂(summed loss of the last forward)/∂θ into trainable gradients. */
    @Override
    public void backward(float lossScale) {
        Activations a = acts;
        GPT2Config c = config;
        int B = a.B, T = a.T, BT = B * T, C = c.nEmbd(), NH = c.nHead(), V = c.vocabSize();
        float[] dlogits = a.probs; // overwritten in place: the probabilities are not needed after this
        CrossEntropy.backward(dlogits, a.probs, a.targets, BT, V, lossScale);
        Arrays.fill(a.dlnf, 0f);
        MatMul.nn(a.dlnf, dlogits, wte.data, BT, V, C, true);
        if (wte.trainable()) MatMul.tn(wte.grad(), dlogits, a.lnf, BT, V, C, true);
        float[] dres = a.dres;
        Arrays.fill(dres, 0f);
        float[] last = blocks.length == 0 ? a.encoded : a.res3[blocks.length - 1];
        LayerNorm.backward(dres, lnfW.grad(), lnfB.grad(), a.dlnf, last, lnfW.data, a.lnfMean, a.lnfRstd, BT, C);

        for (int l = blocks.length - 1; l >= 0; l--) {
            Block b = blocks[l];
            float[] residualIn = l == 0 ? a.encoded : a.res3[l - 1];
            // res3 = res2 + fcProj: dres flows to both unchanged
            Arrays.fill(a.dfchGelu, 0f);
            b.mlpProj.backward(a.dfchGelu, dres, a.fchGelu[l], BT);
            Arrays.fill(a.dfch, 0f);
            Gelu.backward(a.dfch, a.fch[l], a.dfchGelu, BT * 4 * C);
            Arrays.fill(a.dln, 0f);
            b.cFc.backward(a.dln, a.dfch, a.ln2[l], BT);
            LayerNorm.backward(dres, b.ln2W.grad(), b.ln2B.grad(), a.dln, a.res2[l], b.ln2W.data, a.ln2Mean[l],
                    a.ln2Rstd[l], BT, C);
            // res2 = residualIn + attProj
            Arrays.fill(a.datty, 0f);
            b.attnProj.backward(a.datty, dres, a.atty[l], BT);
            Arrays.fill(a.dqkv, 0f);
            Attention.backward(a.dqkv, a.datty, a.qkv[l], a.att[l], B, T, C, NH);
            // Below the first block's ln_1 lie only the embeddings: when they and that LayerNorm are frozen (LoRA,
            // QLoRA) nothing uses the gradient there, so its products are skipped (the adapters' own still run).
            boolean inputGradientUsed = l > 0 || wte.trainable() || wpe.trainable() || b.ln1W.trainable()
                    || b.ln1B.trainable();
            Arrays.fill(a.dln, 0f);
            b.cAttn.backward(inputGradientUsed ? a.dln : null, a.dqkv, a.ln1[l], BT);
            if (inputGradientUsed) {
                LayerNorm.backward(dres, b.ln1W.grad(), b.ln1B.grad(), a.dln, residualIn, b.ln1W.data,
                        a.ln1Mean[l], a.ln1Rstd[l], BT, C);
            }
        }
        if (wte.trainable() || wpe.trainable()) Encoder.backward(wte.grad(), wpe.grad(), dres, a.tokens, B, T, C);
    }

    /** Sum of the stored bytes of the base weights (embeddings, LayerNorms, projections). */
    @Override
    public long baseWeightBytes() {
        long n = 4L * (wte.size() + wpe.size() + lnfW.size() + lnfB.size());
        for (Block b : blocks) {
            n += 4L * (b.ln1W.size() + b.ln1B.size() + b.ln2W.size() + b.ln2B.size());
            for (String m : Block.MODULES) n += b.get(m).baseBytes();
        }
        return n;
    }

    /** Bytes of the base projections only (the part QLoRA quantises). */
    public long projectionBaseBytes() {
        long n = 0;
        for (Block b : blocks) for (String m : Block.MODULES) n += b.get(m).baseBytes();
        return n;
    }

    @Override
    public float[] logits(int[] tokens, int B, int T) {
        forward(tokens, null, B, T);
        return lastLogits().clone();
    }
}
