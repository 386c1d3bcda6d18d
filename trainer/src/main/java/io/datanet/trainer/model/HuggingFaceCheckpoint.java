package io.datanet.trainer.model;

import io.datanet.trainer.io.Json;
import io.datanet.trainer.io.DType;
import io.datanet.trainer.io.SafeTensors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datanet.trainer.nn.Param;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A GPT-2 as a Hugging Face checkpoint directory: {@code config.json} ({@link GPT2Config}) and
 * {@code model.safetensors} with transformers' tensor names, as {@code GPT2LMHeadModel.from_pretrained} reads
 * and {@code save_pretrained} writes them (an optional {@code transformer.} prefix and extra tensors such as
 * {@code lm_head.weight} or the attention's bias buffers are accepted on load).
 */
public final class HuggingFaceCheckpoint {
    private HuggingFaceCheckpoint() {
    }

    public static GPT2 load(Path dir) throws IOException {
        return GPT2.fromTensors(GPT2Config.read(dir.resolve("config.json")), tensors(dir));
    }

    /**
     * The checkpoint's tensors by name, as stored (converted to float32): model.safetensors, or the shards
     * model.safetensors.index.json names (each once, none outside the folder).
     */
    public static Map<String, float[]> tensors(Path dir) throws IOException {
        Map<String, float[]> t = new LinkedHashMap<>();
        Path index = dir.resolve("model.safetensors.index.json");
        if (Files.exists(index)) {
            JsonNode map = Json.MAPPER.readTree(index.toFile()).path("weight_map");
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

    /** The model a config.json describes, of whichever family its {@code model_type} names, built from tensors. */
    public static CausalLM model(ObjectNode config, Map<String, float[]> tensors) {
        String type = config.path("model_type").asText("gpt2");
        return switch (type) {
            case "gpt2" -> GPT2.fromTensors(GPT2Config.fromJson(config), tensors);
            case "llama", "mistral", "qwen2" -> Llama.fromTensors(LlamaConfig.fromJson(config), config, tensors);
            default -> throw new IllegalArgumentException("model_type " + type + " is not supported (gpt2, llama, "
                    + "mistral, qwen2)");
        };
    }

    /** config.json as an object. */
    public static ObjectNode config(Path dir) throws IOException {
        JsonNode json = Json.MAPPER.readTree(dir.resolve("config.json").toFile());
        if (!(json instanceof ObjectNode object)) throw new IOException(dir + ": config.json is not a JSON object");
        return object;
    }

    /** Writes the model's config and base tensors, Hugging Face names without prefix, in {@code dtype}. */
    public static void save(GPT2 model, Path dir, DType dtype, Map<String, String> metadata) throws IOException {
        Files.createDirectories(dir);
        model.config.write(dir.resolve("config.json"));
        Map<String, String> md = new LinkedHashMap<>();
        md.put("format", "pt");
        if (metadata != null) md.putAll(metadata);
        SafeTensors.write(dir.resolve("model.safetensors"), stateDict(model), md, dtype);
    }

    /** Base-model tensors with Hugging Face names; dense projections only (merge adapters first). */
    public static List<SafeTensors.Tensor> stateDict(GPT2 model) {
        List<SafeTensors.Tensor> out = new ArrayList<>();
        for (Param p : model.baseParams()) out.add(new SafeTensors.Tensor(p.name, p.shape, p.data));
        return out;
    }
}
