package io.datanet.trainer.model;

import io.datanet.trainer.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datanet.trainer.io.DType;
import io.datanet.trainer.io.SafeTensors;
import io.datanet.trainer.nn.Attention;
import io.datanet.trainer.nn.CachedAttention;
import io.datanet.trainer.nn.CrossEntropy;
import io.datanet.trainer.nn.DenseLinear;
import io.datanet.trainer.nn.Linear;
import io.datanet.trainer.nn.Param;
import io.datanet.trainer.nn.Residual;
import io.datanet.trainer.nn.RmsNorm;
import io.datanet.trainer.nn.Rope;
import io.datanet.trainer.nn.Scratch;
import io.datanet.trainer.nn.SwiGlu;
import io.datanet.trainer.tensor.MatMul;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A Llama-architecture decoder (Llama 2/3, SmolLM2, TinyLlama, Mistral, Qwen2): pre-RMSNorm blocks, rotary
 * embeddings on queries and keys, causal grouped-query attention, SwiGLU MLP, tied or untied head. The forward pass
 * of the trainer's GPT-2, with the same ops where the architectures agree: grouped-query attention is the causal
 * multi-head {@link Attention} over keys and values repeated to every query head of their group, as transformers'
 * repeat_kv does. Forward and backward over stored activations, llm.c style as {@link GPT2}; LoRA and QLoRA adapt
 * and quantise its seven projections per layer by their transformers names.
 *
 * <p>Projections keep the {@link DenseLinear} layout [in, out]: Hugging Face's nn.Linear weights [out, in] are
 * transposed when loaded.
 */
public final class Llama implements CausalLM {
    public final LlamaConfig config;
    /** The config.json it was loaded from, written back by {@link #save} (null when built from tensors alone). */
    private final ObjectNode configJson;
    final Param embedTokens, norm, lmHead;
    final LlamaBlock[] layers;
    /** Rotary tables for the longest sequence seen so far (a full context's would be large: made as needed). */
    private Rope rope;

    /** One decoder layer: x += o(attention(rope(q(n₁(x))), rope(k(n₁(x))), v(n₁(x)))); x += down(silu(gate(n₂(x)))·up(n₂(x))). */
    static final class LlamaBlock {
        final Param inputNorm, postAttentionNorm;
        Linear q, k, v, o, gate, up, down;

        LlamaBlock(Param inputNorm, Linear q, Linear k, Linear v, Linear o, Param postAttentionNorm, Linear gate,
                   Linear up, Linear down) {
            this.inputNorm = inputNorm;
            this.q = q;
            this.k = k;
            this.v = v;
            this.o = o;
            this.postAttentionNorm = postAttentionNorm;
            this.gate = gate;
            this.up = up;
            this.down = down;
        }

        /** The projection named as in transformers' decoder layer ("self_attn.q_proj", "mlp.down_proj", ...). */
        Linear get(String module) {
            return switch (module) {
                case "self_attn.q_proj" -> q;
                case "self_attn.k_proj" -> k;
                case "self_attn.v_proj" -> v;
                case "self_attn.o_proj" -> o;
                case "mlp.gate_proj" -> gate;
                case "mlp.up_proj" -> up;
                case "mlp.down_proj" -> down;
                default -> throw new IllegalArgumentException("unknown module " + module);
            };
        }

        void set(String module, Linear l) {
            switch (module) {
                case "self_attn.q_proj" -> q = l;
                case "self_attn.k_proj" -> k = l;
                case "self_attn.v_proj" -> v = l;
                case "self_attn.o_proj" -> o = l;
                case "mlp.gate_proj" -> gate = l;
                case "mlp.up_proj" -> up = l;
                case "mlp.down_proj" -> down = l;
                default -> throw new IllegalArgumentException("unknown module " + module);
            }
        }
    }

    /** A decoder layer's projections in transformers' order. */
    static final String[] MODULES = {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
        "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"};
    private static final String LAYER_PREFIX = "model.layers.";

    private Llama(LlamaConfig config, ObjectNode configJson, Param embedTokens, LlamaBlock[] layers, Param norm,
                  Param lmHead) {
        this.config = config;
        this.configJson = configJson;
        this.embedTokens = embedTokens;
        this.layers = layers;
        this.norm = norm;
        this.lmHead = lmHead;
    }

    private Rope rope(int T) {
        if (rope == null || rope.positions() < T) {
            rope = Rope.of(config.headDim(), T, config.ropeTheta(), config.ropeScaling());
        }
        return rope;
    }

    /** A checkpoint folder: config.json and model.safetensors, or the shards model.safetensors.index.json names. */
    public static Llama load(Path dir) throws IOException {
        ObjectNode json = HuggingFaceCheckpoint.config(dir);
        return fromTensors(LlamaConfig.fromJson(json), json, HuggingFaceCheckpoint.tensors(dir));
    }

    /** Builds the model from Hugging Face tensor names ({@code model.layers.0.self_attn.q_proj.weight}, ...). */
    public static Llama fromTensors(LlamaConfig c, Map<String, float[]> t) {
        return fromTensors(c, null, t);
    }

    /** As {@link #fromTensors(LlamaConfig, Map)}, keeping the config.json to write when saved. */
    static Llama fromTensors(LlamaConfig c, ObjectNode configJson, Map<String, float[]> t) {
        int hidden = c.hiddenSize(), qDim = c.numHeads() * c.headDim(), kvDim = c.numKeyValueHeads() * c.headDim();
        int inter = c.intermediateSize();
        LlamaBlock[] layers = new LlamaBlock[c.numLayers()];
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            layers[l] = new LlamaBlock(param(t, p + "input_layernorm.weight", hidden),
                    linear(t, p + "self_attn.q_proj", hidden, qDim, c.qkvBias()),
                    linear(t, p + "self_attn.k_proj", hidden, kvDim, c.qkvBias()),
                    linear(t, p + "self_attn.v_proj", hidden, kvDim, c.qkvBias()),
                    linear(t, p + "self_attn.o_proj", qDim, hidden, c.outputBias()),
                    param(t, p + "post_attention_layernorm.weight", hidden),
                    linear(t, p + "mlp.gate_proj", hidden, inter, false),
                    linear(t, p + "mlp.up_proj", hidden, inter, false),
                    linear(t, p + "mlp.down_proj", inter, hidden, false));
        }
        Param embed = param(t, "model.embed_tokens.weight", c.vocabSize(), hidden);
        // A tied head is the embedding itself; an untied one is lm_head.weight [vocab, hidden], the same layout.
        Param head = c.tieWordEmbeddings() ? embed : param(t, "lm_head.weight", c.vocabSize(), hidden);
        return new Llama(c, configJson, embed, layers, param(t, "model.norm.weight", hidden), head);
    }

    private static Param param(Map<String, float[]> t, String name, int... shape) {
        float[] d = t.get(name);
        if (d == null) throw new IllegalArgumentException("missing tensor " + name);
        int n = 1;
        for (int s : shape) n *= s;
        if (d.length != n) throw new IllegalArgumentException(name + " has " + d.length + " values, not " + n);
        return new Param(name, shape, d, true);
    }

    /** nn.Linear's weight [out, in] as DenseLinear's [in, out]. */
    private static DenseLinear linear(Map<String, float[]> t, String name, int in, int out, boolean bias) {
        float[] w = param(t, name + ".weight", out, in).data;
        float[] transposed = new float[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) transposed[i * out + o] = w[o * in + i];
        }
        return new DenseLinear(new Param(name + ".weight", new int[] {in, out}, transposed, true),
                bias ? param(t, name + ".bias", out) : null);
    }

    /** Activations of one forward pass, per layer, for the backward pass; reallocated when (B, T) changes. */
    private static final class Activations {
        final int B, T;
        final int[] tokens, targets;
        final float[][] in, rstd1, normed1, q, k, v, qkv, att, attended, mid, rstd2, normed2, gate, up, act;
        final float[] out, rstdF, normedF, logits, probs, losses;
        // backward temporaries, reused across layers
        final float[] dres, dnormed, dattended, dqkv, dq, dk, dv, dqRotated, dkRotated, dact, dgate, dup;

        Activations(LlamaConfig c, int B, int T) {
            this.B = B;
            this.T = T;
            int BT = B * T, C = c.hiddenSize(), L = c.numLayers(), H = c.numHeads(), V = c.vocabSize();
            int qDim = H * c.headDim(), kvDim = c.numKeyValueHeads() * c.headDim(), I = c.intermediateSize();
            tokens = new int[BT];
            targets = new int[BT];
            in = new float[L][BT * C];
            rstd1 = new float[L][BT];
            normed1 = new float[L][BT * C];
            q = new float[L][BT * qDim];
            k = new float[L][BT * kvDim];
            v = new float[L][BT * kvDim];
            qkv = new float[L][BT * 3 * qDim];
            att = new float[L][B * H * T * T];
            attended = new float[L][BT * qDim];
            mid = new float[L][BT * C];
            rstd2 = new float[L][BT];
            normed2 = new float[L][BT * C];
            gate = new float[L][BT * I];
            up = new float[L][BT * I];
            act = new float[L][BT * I];
            out = new float[BT * C];
            rstdF = new float[BT];
            normedF = new float[BT * C];
            logits = new float[BT * V];
            probs = new float[BT * V];
            losses = new float[BT];
            dres = new float[BT * C];
            dnormed = new float[BT * C];
            dattended = new float[BT * qDim];
            dqkv = new float[BT * 3 * qDim];
            dq = new float[BT * qDim];
            dk = new float[BT * kvDim];
            dv = new float[BT * kvDim];
            dqRotated = new float[BT * qDim];
            dkRotated = new float[BT * kvDim];
            dact = new float[BT * I];
            dgate = new float[BT * I];
            dup = new float[BT * I];
        }
    }

    private Activations acts;

    /** Logits [B·T, vocab] of tokens [B, T], each sequence from position 0 (a copy). */
    @Override
    public float[] logits(int[] tokens, int B, int T) {
        forward(tokens, null, B, T);
        return acts.logits.clone();
    }

    /**
     * Runs the model on tokens [B, T], each sequence from position 0; targets [B, T] may be null (no loss) and
     * entries &lt; 0 are ignored. Returns the summed cross-entropy over valid targets (0 without targets).
     */
    @Override
    public double forward(int[] tokens, int[] targets, int B, int T) {
        LlamaConfig c = config;
        if (T > c.maxPositions()) throw new IllegalArgumentException("sequence length " + T + " > max positions");
        int BT = B * T, C = c.hiddenSize(), V = c.vocabSize(), H = c.numHeads(), KV = c.numKeyValueHeads();
        int D = c.headDim(), qDim = H * D, inter = c.intermediateSize();
        for (int i = 0; i < BT; i++) {
            if (tokens[i] < 0 || tokens[i] >= V) throw new IllegalArgumentException("token id out of range: " + tokens[i]);
        }
        if (acts == null || acts.B != B || acts.T != T) acts = new Activations(c, B, T);
        Activations a = acts;
        System.arraycopy(tokens, 0, a.tokens, 0, BT);
        if (targets != null) System.arraycopy(targets, 0, a.targets, 0, BT);
        else Arrays.fill(a.targets, -1);
        Rope rotary = rope(T);
        float[] x = layers.length == 0 ? a.out : a.in[0];
        for (int i = 0; i < BT; i++) System.arraycopy(embedTokens.data, tokens[i] * C, x, i * C, C);
        for (int l = 0; l < layers.length; l++) {
            LlamaBlock b = layers[l];
            RmsNorm.forward(a.normed1[l], a.rstd1[l], a.in[l], b.inputNorm.data, BT, C, c.rmsNormEps());
            b.q.forward(a.q[l], a.normed1[l], BT);
            b.k.forward(a.k[l], a.normed1[l], BT);
            b.v.forward(a.v[l], a.normed1[l], BT);
            rotary.forward(a.q[l], a.q[l], B, T, H);
            rotary.forward(a.k[l], a.k[l], B, T, KV);
            pack(a.qkv[l], a.q[l], a.k[l], a.v[l], BT, H, D, c.groups());
            Attention.forward(a.attended[l], a.att[l], a.qkv[l], B, T, qDim, H);
            b.o.forward(a.mid[l], a.attended[l], BT);
            Residual.forward(a.mid[l], a.in[l], a.mid[l], BT * C);
            RmsNorm.forward(a.normed2[l], a.rstd2[l], a.mid[l], b.postAttentionNorm.data, BT, C, c.rmsNormEps());
            b.gate.forward(a.gate[l], a.normed2[l], BT);
            b.up.forward(a.up[l], a.normed2[l], BT);
            SwiGlu.forward(a.act[l], a.gate[l], a.up[l], BT * inter);
            float[] next = l + 1 < layers.length ? a.in[l + 1] : a.out;
            b.down.forward(next, a.act[l], BT);
            Residual.forward(next, a.mid[l], next, BT * C);
        }
        RmsNorm.forward(a.normedF, a.rstdF, a.out, norm.data, BT, C, c.rmsNormEps());
        MatMul.nn(a.logits, a.normedF, lmHead.transposed(Scratch.WEIGHT), BT, C, V, false);
        return CrossEntropy.forward(a.probs, a.losses, a.logits, a.targets, BT, V);
    }

    /** Accumulates lossScale · ∂(summed loss of the last forward)/∂θ into the trainable parameters' gradients. */
    @Override
    public void backward(float lossScale) {
        Activations a = acts;
        LlamaConfig c = config;
        int B = a.B, T = a.T, BT = B * T, C = c.hiddenSize(), V = c.vocabSize(), H = c.numHeads();
        int KV = c.numKeyValueHeads(), D = c.headDim(), qDim = H * D, inter = c.intermediateSize();
        Rope rotary = rope(T);
        float[] dlogits = a.probs; // overwritten: the probabilities are not needed after this
        CrossEntropy.backward(dlogits, a.probs, a.targets, BT, V, lossScale);
        Arrays.fill(a.dnormed, 0f);
        MatMul.nn(a.dnormed, dlogits, lmHead.data, BT, V, C, true);
        if (lmHead.trainable()) MatMul.tn(lmHead.grad(), dlogits, a.normedF, BT, V, C, true);
        float[] dres = a.dres;
        Arrays.fill(dres, 0f);
        RmsNorm.backward(dres, norm.grad(), a.dnormed, a.out, norm.data, a.rstdF, BT, C);
        for (int l = layers.length - 1; l >= 0; l--) {
            LlamaBlock b = layers[l];
            // out = mid + down(act): dres flows to mid unchanged, and through the MLP
            Arrays.fill(a.dact, 0f);
            b.down.backward(a.dact, dres, a.act[l], BT);
            Arrays.fill(a.dgate, 0f);
            Arrays.fill(a.dup, 0f);
            SwiGlu.backward(a.dgate, a.dup, a.dact, a.gate[l], a.up[l], BT * inter);
            Arrays.fill(a.dnormed, 0f);
            b.gate.backward(a.dnormed, a.dgate, a.normed2[l], BT);
            b.up.backward(a.dnormed, a.dup, a.normed2[l], BT);
            RmsNorm.backward(dres, b.postAttentionNorm.grad(), a.dnormed, a.mid[l], b.postAttentionNorm.data,
                    a.rstd2[l], BT, C);
            // mid = in + o(attended)
            Arrays.fill(a.dattended, 0f);
            b.o.backward(a.dattended, dres, a.attended[l], BT);
            Arrays.fill(a.dqkv, 0f);
            Attention.backward(a.dqkv, a.dattended, a.qkv[l], a.att[l], B, T, qDim, H);
            unpack(a.dqRotated, a.dkRotated, a.dv, a.dqkv, BT, H, D, c.groups());
            Arrays.fill(a.dq, 0f);
            Arrays.fill(a.dk, 0f);
            rotary.backward(a.dq, a.dqRotated, B, T, H);
            rotary.backward(a.dk, a.dkRotated, B, T, KV);
            boolean inputGradientUsed = l > 0 || embedTokens.trainable() || b.inputNorm.trainable();
            Arrays.fill(a.dnormed, 0f);
            float[] dnormed = inputGradientUsed ? a.dnormed : null;
            b.q.backward(dnormed, a.dq, a.normed1[l], BT);
            b.k.backward(dnormed, a.dk, a.normed1[l], BT);
            b.v.backward(dnormed, a.dv, a.normed1[l], BT);
            if (inputGradientUsed) {
                RmsNorm.backward(dres, b.inputNorm.grad(), a.dnormed, a.in[l], b.inputNorm.data, a.rstd1[l], BT, C);
            }
        }
        if (embedTokens.trainable()) {
            float[] g = embedTokens.grad();
            for (int i = 0; i < BT; i++) {
                int o = a.tokens[i] * C;
                for (int j = 0; j < C; j++) g[o + j] += dres[i * C + j];
            }
        }
    }

    /**
     * Rows of [q | k | v] with every query head's key and value: key/value head g serves query heads
     * g·groups .. (g+1)·groups − 1 (transformers' repeat_kv), the layout {@link Attention} reads.
     */
    static void pack(float[] qkv, float[] q, float[] k, float[] v, int rows, int H, int D, int groups) {
        int qDim = H * D, kvDim = H / groups * D;
        for (int r = 0; r < rows; r++) {
            int o = r * 3 * qDim;
            System.arraycopy(q, r * qDim, qkv, o, qDim);
            for (int h = 0; h < H; h++) {
                int kvHead = h / groups;
                System.arraycopy(k, r * kvDim + kvHead * D, qkv, o + qDim + h * D, D);
                System.arraycopy(v, r * kvDim + kvHead * D, qkv, o + 2 * qDim + h * D, D);
            }
        }
    }

    /** The gradient of pack: queries' back in place, each key/value head's summed over the query heads it served. */
    static void unpack(float[] dq, float[] dk, float[] dv, float[] dqkv, int rows, int H, int D, int groups) {
        int qDim = H * D, kvDim = H / groups * D;
        Arrays.fill(dk, 0f);
        Arrays.fill(dv, 0f);
        for (int r = 0; r < rows; r++) {
            int o = r * 3 * qDim;
            System.arraycopy(dqkv, o, dq, r * qDim, qDim);
            for (int h = 0; h < H; h++) {
                int kv = r * kvDim + h / groups * D, kq = o + qDim + h * D, vq = o + 2 * qDim + h * D;
                for (int d = 0; d < D; d++) {
                    dk[kv + d] += dqkv[kq + d];
                    dv[kv + d] += dqkv[vq + d];
                }
            }
        }
    }

    /** Every parameter in a fixed order (the tied head once), with the Hugging Face names they were loaded from. */
    @Override
    public List<Param> parameters() {
        List<Param> ps = new ArrayList<>();
        ps.add(embedTokens);
        for (LlamaBlock b : layers) {
            ps.add(b.inputNorm);
            for (Linear l : new Linear[] {b.q, b.k, b.v, b.o}) ps.addAll(l.parameters());
            ps.add(b.postAttentionNorm);
            for (Linear l : new Linear[] {b.gate, b.up, b.down}) ps.addAll(l.parameters());
        }
        ps.add(norm);
        if (lmHead != embedTokens) ps.add(lmHead);
        return ps;
    }

    /** Parameters the model holds (the head counted once when tied), as transformers' num_parameters() counts. */
    public long parameterCount() {
        long n = embedTokens.size() + norm.size() + (lmHead == embedTokens ? 0 : lmHead.size());
        for (LlamaBlock b : layers) {
            n += b.inputNorm.size() + b.postAttentionNorm.size();
            for (Linear l : new Linear[] {b.q, b.k, b.v, b.o, b.gate, b.up, b.down}) {
                for (Param p : l.parameters()) n += p.size();
            }
        }
        return n;
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public int maxPositions() {
        return config.maxPositions();
    }

    @Override
    public long baseWeightBytes() {
        long n = 4L * (embedTokens.size() + norm.size() + (lmHead == embedTokens ? 0 : lmHead.size()));
        for (LlamaBlock b : layers) {
            n += 4L * (b.inputNorm.size() + b.postAttentionNorm.size());
            for (String m : MODULES) n += b.get(m).baseBytes();
        }
        return n;
    }

    // ------------------------------------------------------------------ projections (LoRA, QLoRA)

    private ProjectionNames names() {
        return new ProjectionNames(LAYER_PREFIX, layers.length, List.of(MODULES));
    }

    @Override
    public List<String> projectionNames() {
        return names().all();
    }

    @Override
    public Linear projection(String name) {
        return layers[names().layer(name)].get(names().module(name));
    }

    @Override
    public void setProjection(String name, Linear projection) {
        layers[names().layer(name)].set(names().module(name), projection);
    }

    @Override
    public String transformersPath(String projectionName) {
        return projectionName;
    }

    @Override
    public boolean fanInFanOut() {
        return false;
    }

    @Override
    public Llama withDenseProjections(Function<String, DenseLinear> dense) {
        LlamaBlock[] copies = new LlamaBlock[layers.length];
        for (int l = 0; l < layers.length; l++) {
            String p = LAYER_PREFIX + l + ".";
            Linear[] projections = new Linear[MODULES.length];
            for (int m = 0; m < MODULES.length; m++) {
                DenseLinear d = dense.apply(p + MODULES[m]);
                projections[m] = new DenseLinear(copy(d.weight), d.bias == null ? null : copy(d.bias));
            }
            copies[l] = new LlamaBlock(copy(layers[l].inputNorm), projections[0], projections[1], projections[2],
                    projections[3], copy(layers[l].postAttentionNorm), projections[4], projections[5], projections[6]);
        }
        Param embed = copy(embedTokens);
        return new Llama(config, configJson, embed, copies, copy(norm), lmHead == embedTokens ? embed : copy(lmHead));
    }

    private static Param copy(Param p) {
        return new Param(p.name, p.shape.clone(), p.data.clone(), true);
    }

    /**
     * Writes config.json (the one it was loaded from, its dtype float32 or as written) and model.safetensors with
     * transformers' names and layouts (projection weights back to [out, in]; a tied head not written, as
     * save_pretrained leaves it out).
     */
    @Override
    public void save(Path dir, DType dtype, Map<String, String> metadata) throws IOException {
        if (configJson == null) throw new IllegalStateException("no config.json to write: the model was built from tensors");
        List<SafeTensors.Tensor> tensors = new ArrayList<>();
        tensors.add(new SafeTensors.Tensor(embedTokens.name, embedTokens.shape, embedTokens.data));
        for (int l = 0; l < layers.length; l++) {
            LlamaBlock b = layers[l];
            tensors.add(new SafeTensors.Tensor(b.inputNorm.name, b.inputNorm.shape, b.inputNorm.data));
            tensors.add(new SafeTensors.Tensor(b.postAttentionNorm.name, b.postAttentionNorm.shape, b.postAttentionNorm.data));
            for (String m : MODULES) {
                if (!(b.get(m) instanceof DenseLinear d)) {
                    throw new IllegalStateException(LAYER_PREFIX + l + "." + m + " is not dense: merge adapters first");
                }
                String name = LAYER_PREFIX + l + "." + m;
                int in = d.weight.shape[0], out = d.weight.shape[1];
                float[] w = new float[in * out];
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) w[o * in + i] = d.weight.data[i * out + o];
                }
                tensors.add(new SafeTensors.Tensor(name + ".weight", new int[] {out, in}, w));
                if (d.bias != null) tensors.add(new SafeTensors.Tensor(name + ".bias", d.bias.shape, d.bias.data));
            }
        }
        tensors.add(new SafeTensors.Tensor(norm.name, norm.shape, norm.data));
        if (lmHead != embedTokens) tensors.add(new SafeTensors.Tensor("lm_head.weight", lmHead.shape, lmHead.data));
        Files.createDirectories(dir);
        ObjectNode json = configJson.deepCopy();
        String dtypeName = dtype.name().equals("F32") ? "float32" : dtype.name().equals("F16") ? "float16" : "bfloat16";
        json.put(json.has("torch_dtype") ? "torch_dtype" : "dtype", dtypeName);
        Json.INDENTED.writeValue(dir.resolve("config.json").toFile(), json);
        Map<String, String> md = new LinkedHashMap<>();
        md.put("format", "pt");
        if (metadata != null) md.putAll(metadata);
        SafeTensors.write(dir.resolve("model.safetensors"), tensors, md, dtype);
    }

    /** A decoder over cached keys and values for the model's whole context (see {@link CausalLM#decoder()}). */
    @Override
    public CausalLM.Decoder decoder() {
        return new RowDecoder(config.maxPositions());
    }

    /**
     * One token at a time: its queries, keys and values for one row, keys and values kept per layer, attention of
     * the one query over every cached position, and the rest of the layer on the one row. The ops are those of
     * {@link #forward} (norms, projections with their adapters, rotary at the token's position, the softmax's
     * exponent), so a token's logits equal the full forward's at its position up to float rounding
     * (DecoderTest).
     */
    private final class RowDecoder extends KvDecoder {
        private final float[] x, normed, rstd = new float[1], q, k, v, attended, mid, gate, up, act, out, logits;
        private final Rope rotary;

        RowDecoder(int capacity) {
            super(layers.length, capacity, config.numKeyValueHeads() * config.headDim(), config.vocabSize());
            LlamaConfig c = config;
            int C = c.hiddenSize(), qDim = c.numHeads() * c.headDim(), kvDim = c.numKeyValueHeads() * c.headDim();
            x = new float[C];
            normed = new float[C];
            q = new float[qDim];
            k = new float[kvDim];
            v = new float[kvDim];
            attended = new float[qDim];
            mid = new float[C];
            gate = new float[c.intermediateSize()];
            up = new float[c.intermediateSize()];
            act = new float[c.intermediateSize()];
            out = new float[C];
            logits = new float[c.vocabSize()];
            rotary = Rope.of(c.headDim(), capacity, c.ropeTheta(), c.ropeScaling());
        }

        @Override
        float[] step(int token, int p) {
            LlamaConfig c = config;
            int C = c.hiddenSize(), H = c.numHeads(), KV = c.numKeyValueHeads(), D = c.headDim();
            int kvDim = KV * D;
            System.arraycopy(embedTokens.data, token * C, x, 0, C);
            for (int l = 0; l < layers.length; l++) {
                LlamaBlock b = layers[l];
                RmsNorm.forward(normed, rstd, x, b.inputNorm.data, 1, C, c.rmsNormEps());
                b.q.forward(q, normed, 1);
                b.k.forward(k, normed, 1);
                b.v.forward(v, normed, 1);
                rotary.rotateAt(q, 0, H, p);
                rotary.rotateAt(k, 0, KV, p);
                System.arraycopy(k, 0, keys[l], p * kvDim, kvDim);
                System.arraycopy(v, 0, values[l], p * kvDim, kvDim);
                CachedAttention.attend(attended, q, keys[l], values[l], p + 1, H, c.groups(), D, scores);
                b.o.forward(mid, attended, 1);
                Residual.forward(mid, x, mid, C);
                RmsNorm.forward(normed, rstd, mid, b.postAttentionNorm.data, 1, C, c.rmsNormEps());
                b.gate.forward(gate, normed, 1);
                b.up.forward(up, normed, 1);
                SwiGlu.forward(act, gate, up, gate.length);
                b.down.forward(out, act, 1);
                Residual.forward(x, mid, out, C);
            }
            RmsNorm.forward(normed, rstd, x, norm.data, 1, C, c.rmsNormEps());
            MatMul.nn(logits, normed, lmHead.transposed(Scratch.WEIGHT), 1, C, c.vocabSize(), false);
            return logits;
        }
    }
}
