package io.datanet.trainer.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SafeTensorsTest {
    @TempDir
    Path dir;

    @Test
    void f32RoundTripIsExactAndFollowsTheSpec() throws IOException {
        float[] a = {1f, -2.5f, Float.MIN_VALUE, 3.4e38f, 0f, -0f};
        float[] b = {7f, 8f};
        Path f = dir.resolve("m.safetensors");
        SafeTensors.write(f, List.of(new SafeTensors.Tensor("z.weight", new int[]{2, 3}, a),
                new SafeTensors.Tensor("a.bias", new int[]{2}, b)), Map.of("format", "pt"), DType.F32);
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        assertEquals(8 + n + 4 * 8, bytes.length);
        JsonNode h = new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8).trim());
        assertEquals("pt", h.get("__metadata__").get("format").asText());
        // tensors sorted by name and laid out contiguously in that order
        assertEquals("[0,8]", h.get("a.bias").get("data_offsets").toString());
        assertEquals("[8,32]", h.get("z.weight").get("data_offsets").toString());
        assertEquals("F32", h.get("z.weight").get("dtype").asText());
        assertEquals("[2,3]", h.get("z.weight").get("shape").toString());

        SafeTensors.Contents c = SafeTensors.read(f);
        assertArrayEquals(a, c.get("z.weight").data());
        assertArrayEquals(new int[]{2, 3}, c.get("z.weight").shape());
        assertArrayEquals(b, c.get("a.bias").data());
        assertEquals("pt", c.metadata().get("format"));
        // writing what was read gives the same bytes
        Path g = dir.resolve("again.safetensors");
        SafeTensors.write(g, List.copyOf(c.tensors().values()), c.metadata(), DType.F32);
        assertArrayEquals(bytes, Files.readAllBytes(g));
    }

    @Test
    void halfAndBfloat16() throws IOException {
        assertEquals((short) 0x3C00, DType.floatToHalf(1f));
        assertEquals((short) 0x7BFF, DType.floatToHalf(65504f));
        assertEquals((short) 0xC000, DType.floatToHalf(-2f));
        assertEquals((short) 0x0001, DType.floatToHalf(0x1.0p-24f));
        assertEquals((short) 0x7C00, DType.floatToHalf(1e6f));
        assertEquals(0x1.0p-24f, DType.halfToFloat((short) 1));
        assertEquals(1f, DType.bf16ToFloat(DType.floatToBf16(1f)));
        float[] v = new float[1000];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        for (DType t : List.of(DType.F16, DType.BF16)) {
            Path f = dir.resolve(t + ".safetensors");
            SafeTensors.write(f, List.of(new SafeTensors.Tensor("x", new int[]{1000}, v)), null, t);
            SafeTensors.Contents c = SafeTensors.read(f);
            assertEquals(t, c.get("x").dtype());
            double rel = t == DType.F16 ? 1.0 / 2048 : 1.0 / 256;
            for (int i = 0; i < v.length; i++) assertEquals(v[i], c.get("x").data()[i], Math.abs(v[i]) * rel + 1e-7);
            // half → float → half is the identity on every finite half
        }
        for (int h = 0; h < 0x7C00; h++) assertEquals((short) h, DType.floatToHalf(DType.halfToFloat((short) h)));
    }

    /** A file as the Python reference writes it (unpadded header, insertion order). */
    @Test
    void readsForeignFilesAndRejectsBrokenOnes() throws IOException {
        String header = "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.writeBytes(h);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3C00).putShort((short) 0xC000).putFloat(0.5f).array());
        Path f = dir.resolve("foreign.safetensors");
        Files.write(f, out.toByteArray());
        SafeTensors.Contents c = SafeTensors.read(f);
        assertArrayEquals(new float[]{1f, -2f}, c.get("a").data());
        assertArrayEquals(new float[]{0.5f}, c.get("b").data());

        Path broken = dir.resolve("broken.safetensors");
        Files.write(broken, Arrays.copyOf(out.toByteArray(), out.size() - 2));
        assertThrows(IOException.class, () -> SafeTensors.read(broken));
        String holey = header.replace("[4,8]", "[4,8]").replace("[0,4]", "[0,2]").replace("\"shape\":[2]", "\"shape\":[1]");
        byte[] hh = holey.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream o2 = new ByteArrayOutputStream();
        o2.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(hh.length).array());
        o2.writeBytes(hh);
        o2.writeBytes(new byte[8]);
        Files.write(broken, o2.toByteArray());
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(broken));
        assertTrue(e.getMessage().contains("hole"), e.getMessage());
    }

    @Test
    void integerBuffersAreValidatedButSkipped() throws IOException {
        String header = "{\"transformer.position_ids\":{\"dtype\":\"I64\",\"shape\":[1,2],\"data_offsets\":[0,16]},"
                + "\"transformer.wte.weight\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 20).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).putLong(0).putLong(1).putFloat(2.5f);
        Path f = dir.resolve("ints.safetensors");
        Files.write(f, b.array());
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(1, c.tensors().size());
        assertArrayEquals(new float[]{2.5f}, c.get("transformer.wte.weight").data());
    }
}
