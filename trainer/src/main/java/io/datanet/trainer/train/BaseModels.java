package io.datanet.trainer.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datanet.trainer.model.CausalLM;
import io.datanet.trainer.model.HuggingFaceCheckpoint;
import io.datanet.trainer.tokenizer.ByteTokenizer;
import io.datanet.trainer.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves a base-model reference: "builtin:NAME" (config.json + model.safetensors under models/NAME/ on the
 * classpath) or a checkpoint directory. Loaded tensors are cached; every call returns a fresh model with its own
 * copies, since attaching adapters mutates a model.
 */
public final class BaseModels {
    public static final String BUILTIN_PREFIX = "builtin:";
    /** The base model this jar ships (see trainer/src/main/resources/models/). */
    public static final String DEFAULT = "builtin:sotu-byte-4x192";

    private record Loaded(ObjectNode config, Map<String, float[]> tensors, Path dir) {
    }

    private static final Map<String, Loaded> CACHE = new ConcurrentHashMap<>();

    private BaseModels() {
    }

    /** A fresh model of the checkpoint's family (GPT-2 or Llama-architecture), with its own copies of the weights. */
    public static CausalLM load(String ref) {
        Loaded l = CACHE.computeIfAbsent(ref, BaseModels::read);
        Map<String, float[]> copy = new LinkedHashMap<>();
        l.tensors.forEach((k, v) -> copy.put(k, v.clone()));
        return HuggingFaceCheckpoint.model(l.config.deepCopy(), copy);
    }

    public static Tokenizer tokenizer(String ref) {
        Loaded l = CACHE.computeIfAbsent(ref, BaseModels::read);
        try {
            return l.dir == null ? new ByteTokenizer() : Tokenizer.forModel(l.dir, l.config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Loaded read(String ref) {
        try {
            if (ref.startsWith(BUILTIN_PREFIX)) {
                String name = ref.substring(BUILTIN_PREFIX.length());
                Path tmp = Files.createTempDirectory("datanet-model-");
                try {
                    for (String f : new String[]{"config.json", "model.safetensors"}) {
                        try (InputStream in = BaseModels.class.getResourceAsStream("/models/" + name + "/" + f)) {
                            if (in == null) throw new IOException("no built-in model " + name + " (missing " + f + ")");
                            Files.copy(in, tmp.resolve(f));
                        }
                    }
                    Loaded l = readDir(tmp);
                    return new Loaded(l.config, l.tensors, null);
                } finally {
                    for (String f : new String[]{"config.json", "model.safetensors"}) Files.deleteIfExists(tmp.resolve(f));
                    Files.deleteIfExists(tmp);
                }
            }
            return readDir(Path.of(ref));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Loaded readDir(Path dir) throws IOException {
        return new Loaded(HuggingFaceCheckpoint.config(dir), HuggingFaceCheckpoint.tensors(dir), dir);
    }
}
