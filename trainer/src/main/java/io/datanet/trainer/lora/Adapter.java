package io.datanet.trainer.lora;

import io.datanet.trainer.io.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datanet.trainer.io.DType;
import io.datanet.trainer.io.SafeTensors;
import io.datanet.trainer.model.CausalLM;
import io.datanet.trainer.nn.DenseLinear;
import io.datanet.trainer.nn.Linear;
import io.datanet.trainer.nn.Param;
import io.datanet.trainer.quant.Nf4Linear;
import io.datanet.trainer.tensor.Rng;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The LoRA adapters attached to a model's projections ({@link CausalLM}: GPT-2 or Llama), their A/B parameters,
 * and conversion to and from the Hugging Face PEFT layout.
 *
 * <p>PEFT names: {@code base_model.model.<transformers path>.lora_A.weight} with shape [r, in] and
 * {@code ...lora_B.weight} with shape [out, r], e.g. {@code base_model.model.transformer.h.0.attn.c_attn} for GPT-2
 * and {@code base_model.model.model.layers.0.self_attn.q_proj} for Llama. PEFT's adapter layers are nn.Linear even
 * over GPT-2's Conv1D, which is why GPT-2's adapter_config.json sets fan_in_fan_out = true.
 */
public final class Adapter {
    static final String PEFT_PREFIX = "base_model.model.";

    public final LoraConfig config;
    public final boolean quantized;
    private final CausalLM model;
    private final List<LoraLinear> layers;

    private Adapter(CausalLM model, LoraConfig config, boolean quantized, List<LoraLinear> layers) {
        this.model = model;
        this.config = config;
        this.quantized = quantized;
        this.layers = List.copyOf(layers);
    }

    /**
     * Freezes the model and wraps every targeted projection with a LoRA adapter. With {@code quantize} (QLoRA)
     * every projection's base weight is first replaced by its NF4 form. A is initialised from the seed.
     */
    public static Adapter attach(CausalLM model, LoraConfig config, boolean quantize, long seed) {
        model.freezeAll();
        Rng rng = new Rng(Rng.key(seed, 0x10aL));
        List<LoraLinear> layers = new ArrayList<>();
        for (String name : model.projectionNames()) {
            Linear base = model.projection(name);
            if (quantize && base instanceof DenseLinear d) base = Nf4Linear.quantize(name, d);
            if (config.targets(name)) {
                LoraLinear lora = new LoraLinear(name, base, config.r(), config.alpha(), config.dropout(), rng);
                layers.add(lora);
                base = lora;
            }
            model.setProjection(name, base);
        }
        if (layers.isEmpty()) throw new IllegalArgumentException("no module matches " + config.targetModules());
        return new Adapter(model, config, quantize, layers);
    }

    /** The model the adapters are attached to. */
    public CausalLM model() {
        return model;
    }

    public List<LoraLinear> layers() {
        return layers;
    }

    /** Trainable parameters in a fixed order: for each adapted module, A then B. */
    public List<Param> params() {
        List<Param> ps = new ArrayList<>();
        for (LoraLinear l : layers) {
            ps.add(l.a);
            ps.add(l.b);
        }
        return ps;
    }

    public long parameterCount() {
        long n = 0;
        for (Param p : params()) n += p.size();
        return n;
    }

    public void setTraining(boolean training, long dropoutKey) {
        for (LoraLinear l : layers) l.setTraining(training, dropoutKey);
    }

    /** Copies of the adapter tensors by internal name (A is [in, r], B is [r, out]). */
    public Map<String, float[]> state() {
        Map<String, float[]> s = new LinkedHashMap<>();
        for (Param p : params()) s.put(p.name, p.data.clone());
        return s;
    }

    public void load(Map<String, float[]> state) {
        for (Param p : params()) {
            float[] d = state.get(p.name);
            if (d == null || d.length != p.size()) throw new IllegalArgumentException("adapter state lacks " + p.name);
            System.arraycopy(d, 0, p.data, 0, d.length);
        }
    }

    /** SHA-256 over the adapter tensors' names and float bits, in order (identifies an adapter bit for bit). */
    public String sha256() {
        return sha256(state());
    }

    public static String sha256(Map<String, float[]> state) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (var e : state.entrySet()) {
                md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                ByteBuffer bb = ByteBuffer.allocate(4 * e.getValue().length);
                bb.asFloatBuffer().put(e.getValue());
                md.update(bb);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ PEFT export / import

    /** Tensors with PEFT names: lora_A.weight = Aᵀ [r, in], lora_B.weight = Bᵀ [out, r]. */
    public List<SafeTensors.Tensor> peftTensors() {
        List<SafeTensors.Tensor> ts = new ArrayList<>();
        for (LoraLinear l : layers) {
            int in = l.inFeatures(), out = l.outFeatures(), r = l.rank();
            ts.add(new SafeTensors.Tensor(peftName(l) + ".lora_A.weight", new int[]{r, in},
                    transpose(l.a.data, in, r)));
            ts.add(new SafeTensors.Tensor(peftName(l) + ".lora_B.weight", new int[]{out, r},
                    transpose(l.b.data, r, out)));
        }
        return ts;
    }

    private String peftName(LoraLinear l) {
        return PEFT_PREFIX + model.transformersPath(l.module);
    }

    /** PEFT's adapter_config.json. Target modules are written as configured (PEFT suffix matching). */
    public ObjectNode peftConfig(String baseModelNameOrPath) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("peft_type", "LORA");
        n.put("task_type", "CAUSAL_LM");
        n.put("base_model_name_or_path", baseModelNameOrPath);
        n.put("r", config.r());
        n.put("lora_alpha", config.alpha());
        n.put("lora_dropout", config.dropout());
        var tm = n.putArray("target_modules");
        config.targetModules().forEach(tm::add);
        n.put("fan_in_fan_out", model.fanInFanOut());
        n.put("bias", "none");
        n.put("inference_mode", true);
        n.put("init_lora_weights", true);
        n.putNull("modules_to_save");
        n.put("use_rslora", false);
        n.put("use_dora", false);
        n.put("revision", (String) null);
        return n;
    }

    /** Writes adapter_config.json + adapter_model.safetensors (float32). */
    public void savePeft(Path dir, String baseModelNameOrPath, Map<String, String> metadata) throws IOException {
        Files.createDirectories(dir);
        Json.INDENTED.writeValue(dir.resolve("adapter_config.json").toFile(), peftConfig(baseModelNameOrPath));
        Map<String, String> md = new LinkedHashMap<>();
        md.put("format", "pt");
        if (metadata != null) md.putAll(metadata);
        SafeTensors.write(dir.resolve("adapter_model.safetensors"), peftTensors(), md, DType.F32);
    }

    /** Loads PEFT-layout adapter weights into this (already attached) adapter. */
    public void loadPeft(Path dir) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(dir.resolve("adapter_model.safetensors"));
        for (LoraLinear l : layers) {
            int in = l.inFeatures(), out = l.outFeatures(), r = l.rank();
            SafeTensors.Tensor a = c.get(peftName(l) + ".lora_A.weight");
            SafeTensors.Tensor b = c.get(peftName(l) + ".lora_B.weight");
            if (a == null || b == null) throw new IOException("adapter lacks " + l.module);
            System.arraycopy(transpose(a.data(), r, in), 0, l.a.data, 0, in * r);
            System.arraycopy(transpose(b.data(), out, r), 0, l.b.data, 0, r * out);
        }
    }

    // ------------------------------------------------------------------ merge

    /**
     * A new dense model with W' = W + (alpha/r)·A·B folded into every adapted projection (QLoRA bases are
     * dequantised first). The attached model is left unchanged.
     */
    public CausalLM merged() {
        return denseCopy(true);
    }

    /**
     * A new dense model holding the base exactly as this adapter sees it: for QLoRA the NF4 weights dequantised.
     * A QLoRA adapter was trained against that base, not the float32 original, so a tool with no kernel for this
     * NF4 layout (PEFT on a float32 model, say) reproduces the adapted model exactly only on this copy.
     */
    public CausalLM base() {
        return denseCopy(false);
    }

    private CausalLM denseCopy(boolean withDeltas) {
        return model.withDenseProjections(name -> {
            Linear lin = model.projection(name);
            float[] delta = null;
            if (lin instanceof LoraLinear lora) {
                if (withDeltas) delta = lora.delta();
                lin = lora.base;
            }
            DenseLinear dense = lin instanceof Nf4Linear q ? q.toDense() : (DenseLinear) lin;
            if (delta == null) return dense;
            float[] w = dense.weight.data.clone();
            for (int i = 0; i < w.length; i++) w[i] += delta[i];
            return new DenseLinear(new Param(dense.weight.name, dense.weight.shape, w, false), dense.bias);
        });
    }

    /** Writes the merged model (config.json + model.safetensors, float32) to dir. */
    public void saveMerged(Path dir, Map<String, String> metadata) throws IOException {
        merged().save(dir, DType.F32, metadata);
    }

    static float[] transpose(float[] src, int rows, int cols) {
        float[] d = new float[src.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) d[j * rows + i] = src[i * cols + j];
        return d;
    }
}
