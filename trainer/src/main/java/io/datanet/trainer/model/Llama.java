package io.datanet.trainer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datanet.trainer.io.SafeTensors;
import io.datanet.trainer.nn.Attention;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A Llama-architecture decoder (Llama 2/3, SmolLM2, TinyLlama, Mistral, Qwen2): pre-RMSNorm blocks, rotary
 * embeddings on queries and keys, causal grouped-query attention, SwiGLU MLP, tied or untied head. The forward pass
 * of the trainer's GPT-2, with the same ops where the architectures agree: grouped-query attention is the causal
 * multi-head {@link Attention} over keys and values repeated to every query head of their group, as transformers'
 * repeat_kv does. Inference only so far (issue 19: training, LoRA and QLoRA on it come next).
 *
 * <p>Projections keep the {@link DenseLinear} layout [in, out]: Hugging Face's nn.Linear weights [out, in] are
 * transposed when loaded.
 */
public final class Llama {
    public final LlamaConfig config;
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
    }

    private Llama(LlamaConfig config, Param embedTokens, LlamaBlock[] layers, Param norm, Param lmHead) {
        this.config = config;
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
        return fromTensors(LlamaConfig.read(dir.resolve("config.json")), tensors(dir));
    }

    static Map<String, float[]> tensors(Path dir) throws IOException {
        Map<String, float[]> t = new LinkedHashMap<>();
        Path index = dir.resolve("model.safetensors.index.json");
        if (Files.exists(index)) {
            JsonNode map = new ObjectMapper().readTree(index.toFile()).path("weight_map");
            TreeSet<String> shards = new TreeSet<>();
            map.forEach(file -> shards.add(file.asText()));
            for (String shard : shards) {
                Path file = dir.resolve(shard).normalize();
                if (!file.startsWith(dir.normalize()) || shard.contains("/")) {
                    throw new IOException("shard " + shard + " is outside the checkpoint folder");
                }
                SafeTensors.read(file).tensors().forEach((k, v) -> t.put(k, v.data()));
            }
        } else {
            SafeTensors.read(dir.resolve("model.safetensors")).tensors().forEach((k, v) -> t.put(k, v.data()));
        }
        return t;
    }

    /** Builds the model from Hugging Face tensor names ({@code model.layers.0.self_attn.q_proj.weight}, ...). */
    public static Llama fromTensors(LlamaConfig c, Map<String, float[]> t) {
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
        return new Llama(c, embed, layers, param(t, "model.norm.weight", hidden), head);
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

    /** Logits [B·T, vocab] of tokens [B, T], each sequence from position 0. */
    public float[] logits(int[] tokens, int B, int T) {
        LlamaConfig c = config;
        if (T > c.maxPositions()) throw new IllegalArgumentException("sequence length " + T + " > max positions");
        int BT = B * T, C = c.hiddenSize(), V = c.vocabSize(), H = c.numHeads(), KV = c.numKeyValueHeads();
        int D = c.headDim(), qDim = H * D, kvDim = KV * D, inter = c.intermediateSize(), groups = c.groups();
        float[] x = new float[BT * C];
        for (int i = 0; i < BT; i++) {
            if (tokens[i] < 0 || tokens[i] >= V) throw new IllegalArgumentException("token id out of range: " + tokens[i]);
            System.arraycopy(embedTokens.data, tokens[i] * C, x, i * C, C);
        }
        float[] normed = new float[BT * C], rstd = new float[BT];
        float[] q = new float[BT * qDim], k = new float[BT * kvDim], v = new float[BT * kvDim];
        float[] qkv = new float[BT * 3 * qDim], att = new float[B * H * T * T], attended = new float[BT * qDim];
        float[] projected = new float[BT * C], gate = new float[BT * inter], up = new float[BT * inter];
        float[] next = new float[BT * C];
        for (LlamaBlock layer : layers) {
            RmsNorm.forward(normed, rstd, x, layer.inputNorm.data, BT, C, c.rmsNormEps());
            layer.q.forward(q, normed, BT);
            layer.k.forward(k, normed, BT);
            layer.v.forward(v, normed, BT);
            rope(T).forward(q, q, B, T, H);
            rope(T).forward(k, k, B, T, KV);
            pack(qkv, q, k, v, BT, H, D, groups);
            Attention.forward(attended, att, qkv, B, T, qDim, H);
            layer.o.forward(projected, attended, BT);
            Residual.forward(next, x, projected, BT * C);
            float[] swap = x;
            x = next;
            next = swap;
            RmsNorm.forward(normed, rstd, x, layer.postAttentionNorm.data, BT, C, c.rmsNormEps());
            layer.gate.forward(gate, normed, BT);
            layer.up.forward(up, normed, BT);
            SwiGlu.forward(gate, gate, up, BT * inter);
            layer.down.forward(projected, gate, BT);
            Residual.forward(next, x, projected, BT * C);
            swap = x;
            x = next;
            next = swap;
        }
        RmsNorm.forward(normed, rstd, x, norm.data, BT, C, c.rmsNormEps());
        float[] logits = new float[BT * V];
        MatMul.nn(logits, normed, lmHead.transposed(Scratch.WEIGHT), BT, C, V, false);
        return logits;
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
}
