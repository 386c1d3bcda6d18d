package io.datanet.training.export;

import io.datanet.events.DatanetJson;
import com.fasterxml.jackson.databind.JsonNode;
import io.datanet.platform.blob.BlobStore;
import io.datanet.trainer.tokenizer.ChatTemplate.Message;
import io.datanet.training.Digests;
import io.datanet.training.dataset.CleanedFile;
import io.datanet.training.dataset.SnapshotManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a snapshot's records are laid out as files Hugging Face {@code datasets} loads directly: one config per kind of
 * record ({@code text}; {@code prompt} and {@code completion}; a conversation's {@code messages}, the conversational
 * format TRL's trainers take), each a {@code train} split of JSONL shards
 * {@code <config>/train-00000-of-0000N.jsonl} of about {@code shardBytes} each. Every row names the contributor and
 * upload it came from and its number in that upload, so a row can be traced and a contributor's share counted.
 *
 * <p>Shard bytes are never stored: {@link #plan} reads the snapshot's cleaned files once to fix where each shard starts
 * and what its size and SHA-256 are, and {@link #write} writes a shard again from the same files whenever it is
 * downloaded. The files are content-addressed and the rows are written the same way each time, so a shard is always
 * the bytes its digest names (ExportLayoutTest pins a row's bytes).
 */
public final class ExportLayout {

    /** A dataset config: the records of one shape, with the columns they all have. */
    public enum Config {
        TEXT("`text`"), INSTRUCTION("`prompt`, `completion`"), CONVERSATION("`messages` (`role`, `content`)");

        private final String columns;

        Config(String columns) {
            this.columns = columns;
        }

        /** Its record's own columns, for the dataset card. */
        public String columns() {
            return columns;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Config of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * One shard: {@code records} rows of {@code config} starting at the snapshot's upload {@code startUpload} (its
     * place in manifest order), at that upload's {@code startRecord}-th row of the config.
     */
    public record Shard(Config config, String path, int startUpload, int startRecord, long records, long bytes,
                        String sha256) {
    }

    private ExportLayout() {
    }

    /** Reads every cleaned file of the snapshot once and cuts each config's rows into shards of about shardBytes. */
    public static List<Shard> plan(SnapshotManifest manifest, BlobStore blobs, long shardBytes) throws IOException {
        Map<Config, Cutter> cutters = new EnumMap<>(Config.class);
        for (Config config : Config.values()) {
            cutters.put(config, new Cutter(config, shardBytes));
        }
        List<SnapshotManifest.Entry> uploads = manifest.uploads();
        for (int u = 0; u < uploads.size(); u++) {
            int upload = u;
            Map<Config, Integer> rowsInUpload = new EnumMap<>(Config.class);
            forEachRow(uploads.get(u), blobs, (config, row) -> {
                int index = rowsInUpload.merge(config, 1, Integer::sum) - 1;
                cutters.get(config).add(upload, index, row);
                return true;
            });
        }
        List<Shard> shards = new ArrayList<>();
        cutters.values().forEach(cutter -> shards.addAll(cutter.shards()));
        return shards;
    }

    /** Writes the shard's rows to {@code out}: the bytes {@link #plan} measured. */
    public static void write(Shard shard, SnapshotManifest manifest, BlobStore blobs, OutputStream out)
            throws IOException {
        List<SnapshotManifest.Entry> uploads = manifest.uploads();
        long[] remaining = {shard.records()};
        for (int u = shard.startUpload(); u < uploads.size() && remaining[0] > 0; u++) {
            int[] skip = {u == shard.startUpload() ? shard.startRecord() : 0};
            forEachRow(uploads.get(u), blobs, (config, row) -> {
                if (config != shard.config()) {
                    return true;
                }
                if (skip[0] > 0) {
                    skip[0]--;
                    return true;
                }
                out.write(row);
                return --remaining[0] > 0;
            });
        }
        if (remaining[0] > 0) {
            throw new IOException("shard " + shard.path() + " ended " + remaining[0] + " rows short of its plan");
        }
    }

    /**
     * The row a cleaned record becomes, as one JSONL line (validation-service writes {@code text}, or prompt/completion
     * and, for a conversation, its {@code messages}).
     */
    static byte[] row(JsonNode cleaned, SnapshotManifest.Entry upload) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (cleaned.hasNonNull("text")) {
            row.put("text", cleaned.get("text").asText());
        } else if (CleanedFile.isConversation(cleaned)) {
            List<Map<String, String>> messages = new ArrayList<>();
            for (Message m : CleanedFile.messages(cleaned)) {
                Map<String, String> turn = new LinkedHashMap<>();   // fixed key order: a shard's bytes are its digest's
                turn.put("role", m.role());
                turn.put("content", m.content());
                messages.add(turn);
            }
            row.put("messages", messages);
        } else {
            row.put("prompt", cleaned.path("prompt").asText());
            row.put("completion", cleaned.path("completion").asText());
        }
        row.put("contributor_id", upload.contributorId());
        row.put("upload_id", upload.uploadId());
        row.put("record", cleaned.path("record").asLong());
        return (DatanetJson.write(row) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static Config configOf(JsonNode cleaned) {
        return cleaned.hasNonNull("text") ? Config.TEXT
                : CleanedFile.isConversation(cleaned) ? Config.CONVERSATION : Config.INSTRUCTION;
    }

    private interface RowVisitor {
        /** False to stop reading the file. */
        boolean visit(Config config, byte[] row) throws IOException;
    }

    private static void forEachRow(SnapshotManifest.Entry upload, BlobStore blobs, RowVisitor visitor)
            throws IOException {
        CleanedFile.forEachRecord(blobs, upload.blobAddress(),
                cleaned -> visitor.visit(configOf(cleaned), row(cleaned, upload)));
    }

    /** Cuts one config's rows, in order, into shards of at least shardBytes (the last one may be smaller). */
    private static final class Cutter {
        private final Config config;
        private final long shardBytes;
        private final List<Shard> closed = new ArrayList<>();
        private MessageDigest digest;
        private int startUpload;
        private int startRecord;
        private long records;
        private long bytes;

        Cutter(Config config, long shardBytes) {
            this.config = config;
            this.shardBytes = shardBytes;
        }

        void add(int upload, int index, byte[] row) {
            if (digest == null) {
                digest = Digests.newSha256();
                startUpload = upload;
                startRecord = index;
                records = 0;
                bytes = 0;
            }
            digest.update(row);
            records++;
            bytes += row.length;
            if (bytes >= shardBytes) {
                close();
            }
        }

        private void close() {
            closed.add(new Shard(config, null, startUpload, startRecord, records, bytes,
                    Digests.name(digest)));
            digest = null;
        }

        /** The shards with their paths, now that their number is known. */
        List<Shard> shards() {
            if (digest != null) {
                close();
            }
            int of = closed.size();
            List<Shard> named = new ArrayList<>(of);
            for (int i = 0; i < of; i++) {
                Shard s = closed.get(i);
                named.add(new Shard(config, path(config, i, of), s.startUpload(), s.startRecord(), s.records(),
                        s.bytes(), s.sha256()));
            }
            return named;
        }
    }

    static String path(Config config, int index, int of) {
        return String.format(Locale.ROOT, "%s/train-%05d-of-%05d.jsonl", config.id(), index, of);
    }
}
