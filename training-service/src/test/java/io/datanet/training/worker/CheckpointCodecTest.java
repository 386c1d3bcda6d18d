package io.datanet.training.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datanet.trainer.train.Checkpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A checkpoint survives the blob store bit for bit: resuming from it must continue the run exactly. */
class CheckpointCodecTest {

    @Test
    void aCheckpointRoundTripsExactly() throws Exception {
        Map<String, float[]> adapter = new LinkedHashMap<>();
        Map<String, float[]> m = new LinkedHashMap<>();
        Map<String, float[]> v = new LinkedHashMap<>();
        for (String name : List.of("h.0.attn.c_attn.lora_A", "h.0.attn.c_attn.lora_B", "h.1.mlp.c_fc.lora_A")) {
            adapter.put(name, new float[] {1.5f, -0.0f, Float.MIN_VALUE, 3.4028235e38f, 1e-7f});
            m.put(name, new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f});
            v.put(name, new float[] {Float.MIN_NORMAL, 2f, 3f, 4f, 5f});
        }
        Checkpoint original = new Checkpoint(42, "sha256:abc", 1337L + 42, 0.0017f, 2.718281828459045, adapter, m, v, 42);
        Checkpoint decoded = CheckpointCodec.decode(CheckpointCodec.encode(original));
        assertEquals(original.step(), decoded.step());
        assertEquals(original.fingerprint(), decoded.fingerprint());
        assertEquals(original.rngState(), decoded.rngState());
        assertEquals(Float.floatToIntBits(original.lr()), Float.floatToIntBits(decoded.lr()));
        assertEquals(Double.doubleToLongBits(original.trainLoss()), Double.doubleToLongBits(decoded.trainLoss()));
        assertEquals(original.adamStep(), decoded.adamStep());
        assertEquals(List.copyOf(adapter.keySet()), List.copyOf(decoded.adapter().keySet()), "tensor order kept");
        for (String name : adapter.keySet()) {
            assertArrayEquals(adapter.get(name), decoded.adapter().get(name));
            assertArrayEquals(m.get(name), decoded.adamM().get(name));
            assertArrayEquals(v.get(name), decoded.adamV().get(name));
        }
    }
}
