package io.datanet.trainer.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reader and writer for the safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * mapping each tensor name to {dtype, shape, data_offsets:[begin,end]} (offsets relative to the byte buffer that
 * follows the header) plus an optional "__metadata__" string map, then the little-endian tensor bytes.
 *
 * <p>The writer sorts tensors by name, lays them out contiguously in that order and pads the header with spaces to
 * a multiple of 8 bytes (as the reference implementation does), so equal inputs give byte-identical files.
 * The reader checks the spec's constraints: sizes match dtype×shape, offsets in range and the buffer covered
 * exactly without overlaps or holes.
 */
public final class SafeTensors {
    private static final long MAX_HEADER = 100L << 20;
    /** Element sizes of the spec's other dtypes, so files holding them validate (their tensors are skipped). */
    private static final Map<String, Integer> OTHER_DTYPES = Map.ofEntries(Map.entry("BOOL", 1), Map.entry("U8", 1),
            Map.entry("I8", 1), Map.entry("F8_E4M3", 1), Map.entry("F8_E5M2", 1), Map.entry("I16", 2),
            Map.entry("U16", 2), Map.entry("I32", 4), Map.entry("U32", 4), Map.entry("F64", 8), Map.entry("I64", 8),
            Map.entry("U64", 8));

    /** One tensor, always held as float32 in memory; {@code dtype} is what the file stored. */
    public record Tensor(String name, DType dtype, int[] shape, float[] data) {
        public Tensor(String name, int[] shape, float[] data) {
            this(name, DType.F32, shape, data);
        }
    }

    /** A file's tensors in name order and its metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Tensor get(String name) {
            return tensors.get(name);
        }
    }

    private SafeTensors() {
    }

    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata, DType dtype)
            throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            write(out, tensors, metadata, dtype);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static void write(OutputStream out, List<Tensor> tensors, Map<String, String> metadata, DType dtype)
            throws IOException {
        TreeMap<String, Tensor> sorted = new TreeMap<>();
        for (Tensor t : tensors) {
            if (sorted.put(t.name(), t) != null) throw new IllegalArgumentException("duplicate tensor " + t.name());
            if (t.data().length != numel(t.shape())) throw new IllegalArgumentException("shape mismatch: " + t.name());
        }
        ObjectNode header = Json.MAPPER.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode md = header.putObject("__metadata__");
            new TreeMap<>(metadata).forEach(md::put);
        }
        long offset = 0;
        for (Tensor t : sorted.values()) {
            ObjectNode e = header.putObject(t.name());
            e.put("dtype", dtype.name());
            ArrayNode shape = e.putArray("shape");
            for (int s : t.shape()) shape.add(s);
            long size = (long) t.data().length * dtype.bytes;
            e.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        byte[] json = Json.MAPPER.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        out.write(head.array());
        for (Tensor t : sorted.values()) {
            float[] d = t.data();
            ByteBuffer buf = ByteBuffer.allocate(d.length * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
            switch (dtype) {
                case F32 -> buf.asFloatBuffer().put(d);
                case F16 -> {
                    for (float v : d) buf.putShort(DType.floatToHalf(v));
                }
                case BF16 -> {
                    for (float v : d) buf.putShort(DType.floatToBf16(v));
                }
            }
            out.write(buf.array());
        }
    }

    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long n = lenBuf.flip().getLong();
            if (n < 2 || n > MAX_HEADER || 8 + n > fileSize) throw new IOException(file + ": bad header length " + n);
            ByteBuffer hb = ByteBuffer.allocate((int) n);
            readFully(ch, hb, 8);
            JsonNode header = Json.MAPPER.readTree(new String(hb.array(), StandardCharsets.UTF_8));
            if (header == null || !header.isObject()) throw new IOException(file + ": header is not a JSON object");
            long dataStart = 8 + n, dataSize = fileSize - dataStart;

            Map<String, String> metadata = new LinkedHashMap<>();
            List<long[]> ranges = new ArrayList<>();
            Map<String, Tensor> tensors = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("__metadata__")) {
                    f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                JsonNode e = f.getValue();
                String dt = e.path("dtype").asText();
                Integer elemBytes = OTHER_DTYPES.get(dt);
                DType dtype = null;
                try {
                    dtype = DType.valueOf(dt);
                    elemBytes = dtype.bytes;
                } catch (IllegalArgumentException ex) {
                    if (elemBytes == null) throw new IOException(f.getKey() + ": unknown dtype " + dt);
                }
                JsonNode sh = e.path("shape"), off = e.path("data_offsets");
                int[] shape = new int[sh.size()];
                for (int i = 0; i < shape.length; i++) shape[i] = sh.get(i).asInt();
                long begin = off.path(0).asLong(-1), end = off.path(1).asLong(-1);
                long expected = (long) numel(shape) * elemBytes;
                if (begin < 0 || end < begin || end > dataSize || end - begin != expected) {
                    throw new IOException(f.getKey() + ": data_offsets " + off + " do not match " + dt + Arrays.toString(shape));
                }
                ranges.add(new long[]{begin, end});
                if (dtype == null) continue; // integer/bool buffers (e.g. position ids) are checked but not loaded
                ByteBuffer bytes = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + begin, end - begin)
                        .order(ByteOrder.LITTLE_ENDIAN);
                float[] data = new float[numel(shape)];
                switch (dtype) {
                    case F32 -> bytes.asFloatBuffer().get(data);
                    case F16 -> {
                        for (int i = 0; i < data.length; i++) data[i] = DType.halfToFloat(bytes.getShort());
                    }
                    case BF16 -> {
                        for (int i = 0; i < data.length; i++) data[i] = DType.bf16ToFloat(bytes.getShort());
                    }
                }
                tensors.put(f.getKey(), new Tensor(f.getKey(), dtype, shape, data));
            }
            ranges.sort((a, b) -> Long.compare(a[0], b[0]));
            long pos = 0;
            for (long[] r : ranges) {
                if (r[0] != pos) throw new IOException(file + ": tensor data overlaps or leaves a hole at byte " + pos);
                pos = r[1];
            }
            if (pos != dataSize) throw new IOException(file + ": " + (dataSize - pos) + " trailing bytes after tensors");
            return new Contents(tensors, metadata);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) throw new IOException("unexpected end of file");
            pos += r;
        }
    }

    static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative dimension");
            n *= s;
        }
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor too large");
        return (int) n;
    }
}
