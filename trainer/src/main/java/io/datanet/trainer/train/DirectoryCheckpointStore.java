package io.datanet.trainer.train;

import io.datanet.trainer.io.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datanet.trainer.io.DType;
import io.datanet.trainer.io.SafeTensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checkpoints as directories {@code step-00000042/} holding adapter.safetensors, optimizer.safetensors (float32,
 * exact) and state.json. state.json is written last via an atomic rename, so a directory without it (a crash
 * mid-save) is ignored.
 */
public final class DirectoryCheckpointStore implements CheckpointStore {
    private final Path root;

    public DirectoryCheckpointStore(Path root) {
        this.root = root;
    }

    @Override
    public void save(Checkpoint c) throws IOException {
        Path dir = root.resolve(String.format("step-%08d", c.step()));
        Files.createDirectories(dir);
        SafeTensors.write(dir.resolve("adapter.safetensors"), tensors(c.adapter(), ""), Map.of(), DType.F32);
        List<SafeTensors.Tensor> opt = new ArrayList<>(tensors(c.adamM(), "m."));
        opt.addAll(tensors(c.adamV(), "v."));
        SafeTensors.write(dir.resolve("optimizer.safetensors"), opt, Map.of(), DType.F32);
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("step", c.step());
        s.put("fingerprint", c.fingerprint());
        s.put("rng_state", c.rngState());
        s.put("lr", c.lr());
        s.put("train_loss", c.trainLoss());
        s.put("adam_step", c.adamStep());
        var order = s.putArray("tensor_order");
        c.adapter().keySet().forEach(order::add);
        Path tmp = dir.resolve("state.json.tmp");
        Json.MAPPER.writeValue(tmp.toFile(), s);
        Files.move(tmp, dir.resolve("state.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<SafeTensors.Tensor> tensors(Map<String, float[]> m, String prefix) {
        List<SafeTensors.Tensor> ts = new ArrayList<>();
        m.forEach((k, v) -> ts.add(new SafeTensors.Tensor(prefix + k, new int[]{v.length}, v)));
        return ts;
    }

    @Override
    public Optional<Checkpoint> latest() throws IOException {
        List<Path> dirs = complete();
        return dirs.isEmpty() ? Optional.empty() : Optional.of(read(dirs.get(dirs.size() - 1)));
    }

    @Override
    public List<Checkpoint> all() throws IOException {
        List<Checkpoint> out = new ArrayList<>();
        for (Path d : complete()) out.add(read(d));
        return out;
    }

    private List<Path> complete() throws IOException {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith("step-"))
                    .filter(p -> Files.exists(p.resolve("state.json"))).sorted().toList();
        }
    }

    private static Checkpoint read(Path dir) throws IOException {
        JsonNode s = Json.MAPPER.readTree(dir.resolve("state.json").toFile());
        SafeTensors.Contents a = SafeTensors.read(dir.resolve("adapter.safetensors"));
        SafeTensors.Contents o = SafeTensors.read(dir.resolve("optimizer.safetensors"));
        Map<String, float[]> adapter = new LinkedHashMap<>(), m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
        for (JsonNode n : s.get("tensor_order")) {
            String k = n.asText();
            adapter.put(k, a.get(k).data());
            m.put(k, o.get("m." + k).data());
            v.put(k, o.get("v." + k).data());
        }
        return new Checkpoint(s.get("step").asInt(), s.get("fingerprint").asText(), s.get("rng_state").asLong(),
                (float) s.get("lr").asDouble(), s.get("train_loss").asDouble(), adapter, m, v,
                s.get("adam_step").asLong());
    }
}
