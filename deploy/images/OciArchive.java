import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Container image archives without a container engine (JDK only; run as {@code java OciArchive.java ...}):
 *
 * <pre>
 *   convert DOCKER_ARCHIVE OUT_DIR   a `docker save`-style archive (what Jib hands to `docker load`) to an OCI image
 *                                    layout tarball OUT_DIR/&lt;name&gt;-&lt;tag&gt;.oci.tar; prints its path
 *   verify  OCI_TAR...               checks an OCI image layout tarball: every blob present with the digest and
 *                                    size its descriptor names; prints each image's name, digest and layers
 * </pre>
 *
 * The blobs are kept byte for byte (Jib's layers are already gzip-compressed tars, its config is a valid OCI image
 * configuration), so the image digest-identifies the same content Jib built; only the manifest is rewritten with
 * the OCI media types. The result is what {@code skopeo copy oci-archive:...}, {@code crane push},
 * {@code podman load}, {@code docker load} (25+) or {@code kind load image-archive} take.
 */
public class OciArchive {

    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    private static final String LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final String LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("convert")) {
            System.out.println(convert(Path.of(args[1]), Path.of(args[2])));
        } else if (args.length >= 2 && args[0].equals("verify")) {
            for (int i = 1; i < args.length; i++) {
                System.out.println(verify(Path.of(args[i])));
            }
        } else {
            System.err.println("usage: java OciArchive.java convert DOCKER_ARCHIVE OUT_DIR | verify OCI_TAR...");
            System.exit(2);
        }
    }

    static Path convert(Path dockerArchive, Path outDir) throws Exception {
        Map<String, byte[]> entries = readTar(Files.readAllBytes(dockerArchive));
        String manifestJson = text(entries, "manifest.json");
        String configName = first(manifestJson, "\"Config\"\\s*:\\s*\"([^\"]+)\"");
        String repoTag = first(manifestJson, "\"RepoTags\"\\s*:\\s*\\[\\s*\"([^\"]+)\"");
        List<String> layerNames = strings(first(manifestJson, "\"Layers\"\\s*:\\s*\\[([^\\]]*)\\]"));

        Map<String, byte[]> blobs = new LinkedHashMap<>();
        byte[] config = bytes(entries, configName);
        String configDigest = digest(config);
        blobs.put(configDigest, config);
        StringBuilder layers = new StringBuilder();
        for (String layerName : layerNames) {
            byte[] layer = bytes(entries, layerName);
            String layerDigest = digest(layer);
            blobs.put(layerDigest, layer);
            boolean gzip = layer.length > 2 && (layer[0] & 0xff) == 0x1f && (layer[1] & 0xff) == 0x8b;
            layers.append(layers.length() == 0 ? "" : ",").append(descriptor(gzip ? LAYER_GZIP : LAYER_TAR,
                    layerDigest, layer.length, null));
        }
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":"
                + descriptor(CONFIG, configDigest, config.length, null) + ",\"layers\":[" + layers + "]}")
                .getBytes(StandardCharsets.UTF_8);
        String manifestDigest = digest(manifest);
        blobs.put(manifestDigest, manifest);

        String name = repoTag.contains(":") && repoTag.lastIndexOf(':') > repoTag.lastIndexOf('/')
                ? repoTag.substring(0, repoTag.lastIndexOf(':')) : repoTag;
        String tag = name.equals(repoTag) ? "latest" : repoTag.substring(name.length() + 1);
        String annotations = "{\"org.opencontainers.image.ref.name\":\"" + tag + "\",\"io.containerd.image.name\":\""
                + repoTag + "\"}";
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\",\"manifests\":["
                + descriptor(MANIFEST, manifestDigest, manifest.length, annotations) + "]}").getBytes(StandardCharsets.UTF_8);

        Files.createDirectories(outDir);
        Path target = outDir.resolve(name.replace('/', '_') + "-" + tag + ".oci.tar");
        Path part = outDir.resolve(target.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(part)) {
            writeEntry(out, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            writeEntry(out, "index.json", index);
            for (Map.Entry<String, byte[]> blob : blobs.entrySet()) {
                writeEntry(out, "blobs/sha256/" + blob.getKey().substring("sha256:".length()), blob.getValue());
            }
            out.write(new byte[1024]); // end of archive
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    static String verify(Path ociTar) throws Exception {
        Map<String, byte[]> entries = readTar(Files.readAllBytes(ociTar));
        if (!text(entries, "oci-layout").contains("\"imageLayoutVersion\":\"1.0.0\"")) {
            throw new IllegalStateException(ociTar + ": not an OCI image layout");
        }
        String index = text(entries, "index.json");
        String manifestDigest = first(index, "\"digest\":\"(sha256:[0-9a-f]{64})\"");
        String manifest = new String(blob(entries, manifestDigest, Long.parseLong(first(index, "\"size\":(\\d+)"))),
                StandardCharsets.UTF_8);
        Matcher descriptors = Pattern.compile("\"digest\":\"(sha256:[0-9a-f]{64})\",\"size\":(\\d+)").matcher(manifest);
        int blobs = 0;
        while (descriptors.find()) {
            blob(entries, descriptors.group(1), Long.parseLong(descriptors.group(2)));
            blobs++;
        }
        return ociTar.getFileName() + ": " + first(index, "\"io.containerd.image.name\":\"([^\"]+)\"") + " "
                + manifestDigest + ", config and " + (blobs - 1) + " layers verified";
    }

    private static byte[] blob(Map<String, byte[]> entries, String digest, long size) throws Exception {
        byte[] content = bytes(entries, "blobs/sha256/" + digest.substring("sha256:".length()));
        if (content.length != size || !digest(content).equals(digest)) {
            throw new IllegalStateException("blob " + digest + " does not match its descriptor");
        }
        return content;
    }

    private static String descriptor(String mediaType, String digest, long size, String annotations) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size
                + (annotations == null ? "" : ",\"annotations\":" + annotations) + "}";
    }

    private static String digest(byte[] content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("unexpected archive metadata (no " + regex + "): " + text);
        }
        return m.group(1);
    }

    private static List<String> strings(String jsonArrayBody) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]+)\"").matcher(jsonArrayBody);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    private static byte[] bytes(Map<String, byte[]> entries, String name) {
        byte[] content = entries.get(name.startsWith("./") ? name.substring(2) : name);
        if (content == null) {
            throw new IllegalStateException("archive has no " + name + " (has " + entries.keySet() + ")");
        }
        return content;
    }

    private static String text(Map<String, byte[]> entries, String name) {
        return new String(bytes(entries, name), StandardCharsets.UTF_8);
    }

    // ---- a minimal tar (ustar) reader and writer: regular files only, which is all image archives hold

    private static Map<String, byte[]> readTar(byte[] tar) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        int offset = 0;
        String longName = null;
        while (offset + 512 <= tar.length && tar[offset] != 0) {
            String name = field(tar, offset, 100);
            String prefix = field(tar, offset + 345, 155);
            long size = Long.parseLong(field(tar, offset + 124, 12).trim().isEmpty() ? "0" : field(tar, offset + 124, 12).trim(), 8);
            char type = (char) tar[offset + 156];
            int start = offset + 512;
            byte[] content = java.util.Arrays.copyOfRange(tar, start, start + (int) size);
            if (type == 'L') {
                longName = new String(content, StandardCharsets.UTF_8).replace("\0", "");
            } else {
                String full = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
                longName = null;
                if (type == '0' || type == 0) {
                    entries.put(full.startsWith("./") ? full.substring(2) : full, content);
                }
            }
            offset = start + (int) ((size + 511) / 512 * 512);
        }
        return entries;
    }

    private static String field(byte[] tar, int offset, int length) {
        int end = offset;
        while (end < offset + length && tar[end] != 0) {
            end++;
        }
        return new String(tar, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static void writeEntry(OutputStream out, String name, byte[] content) throws IOException {
        byte[] header = new byte[512];
        put(header, 0, name, 100);
        put(header, 100, "0000644", 8);
        put(header, 108, "0000000", 8);
        put(header, 116, "0000000", 8);
        put(header, 124, String.format("%011o", content.length), 12);
        put(header, 136, String.format("%011o", 0), 12);
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        header[156] = '0';
        put(header, 257, "ustar", 6);
        put(header, 263, "00", 2);
        long checksum = 0;
        for (byte b : header) {
            checksum += b & 0xff;
        }
        put(header, 148, String.format("%06o", checksum), 7);
        header[155] = ' ';
        out.write(header);
        out.write(content);
        int padding = (int) ((512 - content.length % 512) % 512);
        out.write(new byte[padding]);
    }

    private static void put(byte[] header, int offset, String value, int length) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > length) {
            throw new IllegalArgumentException("tar field too long: " + value);
        }
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
