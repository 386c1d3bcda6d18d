package io.datanet.training.worker;

import io.datanet.trainer.io.DType;
import io.datanet.trainer.io.SafeTensors;
import io.datanet.trainer.train.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint as one safetensors file (float32, exact): the adapter under its own names, AdamW's moments under
 * {@code m.} and {@code v.}, and the scalar state in the header's metadata. One blob per checkpoint.
 */
final class CheckpointCodec {

    private CheckpointCodec() {
    }

    static byte[] encode(Checkpoint c) throws IOException {
        List<SafeTensors.Tensor> tensors = new ArrayList<>();
        c.adapter().forEach((name, data) -> tensors.add(new SafeTensors.Tensor(name, new int[] {data.length}, data)));
        c.adamM().forEach((name, data) -> tensors.add(new SafeTensors.Tensor("m." + name, new int[] {data.length}, data)));
        c.adamV().forEach((name, data) -> tensors.add(new SafeTensors.Tensor("v." + name, new int[] {data.length}, data)));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("step", Integer.toString(c.step()));
        metadata.put("fingerprint", c.fingerprint());
        metadata.put("rng_state", Long.toString(c.rngState()));
        metadata.put("lr", Float.toString(c.lr()));
        metadata.put("train_loss", Double.toString(c.trainLoss()));
        metadata.put("adam_step", Long.toString(c.adamStep()));
        metadata.put("tensor_order", String.join(",", c.adapter().keySet()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, tensors, metadata, DType.F32);
        return out.toByteArray();
    }

    static Checkpoint decode(Path file) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(file);
        Map<String, String> meta = contents.metadata();
        Map<String, float[]> adapter = new LinkedHashMap<>();
        Map<String, float[]> m = new LinkedHashMap<>();
        Map<String, float[]> v = new LinkedHashMap<>();
        for (String name : meta.get("tensor_order").split(",")) {
            adapter.put(name, contents.get(name).data());
            m.put(name, contents.get("m." + name).data());
            v.put(name, contents.get("v." + name).data());
        }
        return new Checkpoint(Integer.parseInt(meta.get("step")), meta.get("fingerprint"),
                Long.parseLong(meta.get("rng_state")), Float.parseFloat(meta.get("lr")),
                Double.parseDouble(meta.get("train_loss")), adapter, m, v, Long.parseLong(meta.get("adam_step")));
    }

    static Checkpoint decode(byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile("datanet-checkpoint-", ".safetensors");
        try {
            Files.write(tmp, bytes);
            return decode(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
